// The studio's Tune page driven as a user would, offscreen, on stories260K quantized to packed OWQ 3-bit
// (target 3.2): the open packed model fills the page, the figures before running are core's own, a short
// run draws one training-loss point per step and one evaluation point per evaluation, writes the tuned
// folder and opens it; an occupied output folder is refused; Cancel mid-run leaves no output folder and a
// page that runs again; the settings come back in the next window.
#include "gui_testutil.h"
#include "main_window.h"
#include "path_edit.h"
#include "testutil.h"
#include "tune_page.h"

#include <qcustomplot.h>

#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

#include <cmath>

#include "owq/demo_model.h"
#include "owq/engine.h"
#include "owq/memory_estimate.h"
#include "owq/quant_pipeline.h"
#include "owq/text_file.h"
#include "owq/tune.h"

namespace {

using owqtest::waitIdle;

// Names in `dir`'s parent that start with its name (the folder itself, staging siblings).
QStringList leftovers(const QString& dir) {
    const QFileInfo fi(dir);
    return QDir(fi.absolutePath()).entryList({fi.fileName() + "*"}, QDir::AllEntries | QDir::NoDotAndDotDot);
}

} // namespace

class TestStudioTune : public QObject {
    Q_OBJECT

    QString owq3_, train_, eval_;

    // The page set for a short run into `out`.
    void setUp(TunePage* t, const QString& out, int steps) {
        t->findChild<PathEdit*>("tuneData")->setPath(train_);
        t->findChild<PathEdit*>("tuneEval")->setPath(eval_);
        t->findChild<QSpinBox*>("tuneSteps")->setValue(steps);
        t->findChild<QDoubleSpinBox*>("tuneLr")->setValue(2e-3);
        t->findChild<QSpinBox*>("tuneWarmup")->setValue(2);
        t->findChild<QSpinBox*>("tuneBatch")->setValue(4);
        t->findChild<QSpinBox*>("tuneSeqlen")->setValue(64);
        t->findChild<QSpinBox*>("tuneEvalEvery")->setValue(4);
        t->findChild<QSpinBox*>("tuneSeed")->setValue(11);
        t->findChild<QSpinBox*>("tuneSaveEvery")->setValue(0);
        t->findChild<PathEdit*>("tuneOut")->setPath(out);
        t->findChild<PathEdit*>("tuneLoraOut")->setPath({});
    }
    void openOwq3(MainWindow& w) {
        w.openModel(owq3_);
        QVERIFY(waitIdle(w, 60000));
        QVERIFY(w.showPage("tune"));
        QCOMPARE(w.tunePage()->findChild<PathEdit*>("tuneModel")->path(), owq3_);
    }

private slots:
    void initTestCase() {
        QApplication::setOrganizationName("OWQ Studio Tests");
        QApplication::setApplicationName("test_studio_tune");
        QSettings().clear();
        if (!owqtest::haveShared()) return;
        owq3_ = QString::fromStdString(owqtest::scratchDir("studio-tune-src") + "/owq3");
        owqtest::savePackedStoriesOwq3(owq3_.toStdString());
        // The task: the project's story grammar, a style stories260K never saw.
        const std::string dir = owqtest::scratchDir("studio-tune-data");
        owqtest::writeFile(dir + "/train.txt", owq::generateStoryCorpus(7, 120));
        owqtest::writeFile(dir + "/eval.txt", owq::generateStoryCorpus(8, 20));
        train_ = QString::fromStdString(dir + "/train.txt");
        eval_ = QString::fromStdString(dir + "/eval.txt");
    }

    void tuneDrawsCurvesAndOpensResult() {
        OWQ_REQUIRE_SHARED();
        MainWindow w;
        w.show();
        openOwq3(w);
        TunePage* t = w.tunePage();
        const QString out = QString::fromStdString(owqtest::scratchDir("studio-tune-out")) + "/tuned";
        setUp(t, out, 12);

        // Before running: core's own figures for these settings.
        owq::LoadOptions load;
        load.deferLayers = true;
        const owq::TuneMemoryEstimate m =
            owq::estimateTuneMemory(*owq::LanguageModel::open(owq3_.toStdString(), load), t->options());
        auto* memory = t->findChild<QTableWidget*>("tuneMemory");
        const QString wct = QString::fromStdString(owq::formatBytes(m.wctBytes));
        // The estimate follows the settings once they stop changing.
        QTRY_VERIFY_WITH_TIMEOUT(memory->rowCount() == 4 && memory->item(0, 1)->text() == wct, 30000);
        QVERIFY(t->findChild<QLabel*>("tuneParams")
                    ->text()
                    .contains(QLocale().toString(qint64(m.trainableParameters))));
        QCOMPARE(memory->item(0, 0)->text(), QLocale().toString(qint64(m.trainableParameters)));
        QCOMPARE(memory->item(3, 0)->text(), QLocale().toString(qint64(m.modelParameters)));
        QCOMPARE(memory->item(3, 1)->text(), QString::fromStdString(owq::formatBytes(m.fullBytes)));

        auto* run = t->findChild<QPushButton*>("runTune");
        QVERIFY(run->isEnabled());
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(w.isBusy());
        QVERIFY(waitIdle(w, 180000));
        const TuneResultPtr r = t->result();
        QVERIFY2(r, qPrintable(t->findChild<QPlainTextEdit*>("tuneLog")->toPlainText()));
        qInfo("eval loss %.4f -> %.4f (ppl %.3f -> %.3f), %lld trainable, %.1f s", r->initialEvalLoss,
              r->finalEvalLoss, std::exp(r->initialEvalLoss), std::exp(r->finalEvalLoss),
              (long long)r->trainableParameters, r->seconds);
        QVERIFY(r->finalEvalLoss < r->initialEvalLoss);

        // One training point per step; evaluations before the first step and every 4 steps.
        auto* chart = t->findChild<QCustomPlot*>("tuneChart");
        QCOMPARE(chart->graphCount(), 2);
        QCOMPARE(chart->graph(0)->data()->size(), 12);
        QCOMPARE(chart->graph(1)->data()->size(), 4);
        for (int i = 0; i < 12; ++i) {
            QCOMPARE(chart->graph(0)->data()->at(i)->key, double(i + 1));
            QCOMPARE(chart->graph(0)->data()->at(i)->value, r->history[size_t(i) + 1].loss);
        }
        QCOMPARE(chart->graph(1)->data()->at(0)->value, r->initialEvalLoss);
        QCOMPARE(chart->graph(1)->data()->at(3)->value, r->finalEvalLoss);
        QCOMPARE(chart->xAxis->label(), QString("Step"));
        QVERIFY(chart->legend->visible());

        QVERIFY(QFileInfo::exists(out + "/config.json"));
        QVERIFY(QFileInfo::exists(out + "/model.safetensors"));
        QCOMPARE(t->lastOutput(), out);
        const QString summary = t->findChild<QLabel*>("tuneSummary")->text();
        QVERIFY2(summary.contains(out) &&
                     summary.contains(QString::number(std::exp(r->finalEvalLoss), 'f', 3)),
                 qPrintable(summary));

        // An occupied output folder is refused, not replaced.
        {
            owqtest::MessageBoxWatch ok;
            QVERIFY(!t->run());
            QVERIFY2(ok.text.contains("not empty"), qPrintable(ok.text));
        }
        QVERIFY(!w.isBusy());

        // The tuned model opens in the studio (and, packed, is the page's model again).
        auto* open = t->findChild<QPushButton*>("openTuned");
        QVERIFY(open->isEnabled());
        QTest::mouseClick(open, Qt::LeftButton);
        QVERIFY(waitIdle(w, 60000));
        QCOMPARE(t->findChild<PathEdit*>("tuneModel")->path(), out);
    }

    void cancelLeavesNoOutputAndPageRunsAgain() {
        OWQ_REQUIRE_SHARED();
        MainWindow w;
        w.show();
        openOwq3(w);
        TunePage* t = w.tunePage();
        // The settings of the last window's run came back.
        QCOMPARE(t->findChild<QSpinBox*>("tuneSteps")->value(), 12);
        QCOMPARE(t->findChild<QSpinBox*>("tuneBatch")->value(), 4);
        const QString out = QString::fromStdString(owqtest::scratchDir("studio-tune-cancel")) + "/tuned";
        setUp(t, out, 100000);
        auto* chart = t->findChild<QCustomPlot*>("tuneChart");
        QTest::mouseClick(t->findChild<QPushButton*>("runTune"), Qt::LeftButton);
        QVERIFY(w.isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(chart->graph(0)->data()->size() >= 3, 120000);
        QTest::mouseClick(t->findChild<QPushButton*>("cancelTune"), Qt::LeftButton);
        QVERIFY(waitIdle(w, 30000));
        QCOMPARE(t->findChild<QLabel*>("tuneStage")->text(), QString("Cancelled"));
        QVERIFY2(leftovers(out).isEmpty(), qPrintable(leftovers(out).join(", ")));
        QVERIFY(!t->result());
        QCOMPARE(chart->graph(0)->data()->size(), 0);
        QCOMPARE(chart->graph(1)->data()->size(), 0);
        QVERIFY(!t->findChild<QPushButton*>("cancelTune")->isEnabled());
        QVERIFY(!t->findChild<QPushButton*>("openTuned")->isEnabled());
        QVERIFY(t->findChild<QPushButton*>("runTune")->isEnabled());

        // Usable again: a short run to the same folder succeeds.
        t->findChild<QSpinBox*>("tuneSteps")->setValue(2);
        QVERIFY(t->run());
        QVERIFY(waitIdle(w, 60000));
        QVERIFY(t->result());
        QCOMPARE(chart->graph(0)->data()->size(), 2);
        QVERIFY(QFileInfo::exists(out + "/model.safetensors"));
    }
};

QTEST_MAIN(TestStudioTune)
#include "test_studio_tune.moc"
