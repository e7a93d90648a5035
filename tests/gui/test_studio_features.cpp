// The studio's Compare, side-by-side Chat, Settings and plot export, driven as a user would on the offscreen
// platform with stories260K: a small comparison fills the table and the chart, its chart saves as SVG, an
// export of the same settings quotes the measured perplexities and KL divergences in its model card; the
// table's KLD columns hold what core computes, and the chart switches between perplexity and KLD; one chat
// turn streams with tokens/s, one side-by-side turn answers in both panes, Stop ends both; the settings
// dialog saves German and the next window speaks it.
#include "chat_page.h"
#include "compare_page.h"
#include "export_page.h"
#include "gui_testutil.h"
#include "main_window.h"
#include "path_edit.h"
#include "plot_export.h"
#include "quantize_page.h"
#include "settings_dialog.h"
#include "testutil.h"
#include "ui_language.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

namespace {

using owqtest::waitIdle;

QString shared(const char* rel) {
    return QString::fromStdString(owqtest::sharedPath(rel));
}

void openStories(MainWindow& w) {
    w.openModel(shared("models/stories260K"));
    QVERIFY(waitIdle(w, 60000));
}

// Quantize: OWQ 3-bit at 3.1 bits on the same 4 x 64 calibration windows as runSmallCompare.
void quantizeOwq3(MainWindow& w) {
    owqtest::setSmallOwq3(w);
    QuantizePage* q = w.quantizePage();
    q->run();
    QVERIFY(waitIdle(w, 120000));
    QVERIFY(q->hasResult());
}

void setChat(MainWindow& w, int maxTokens) {
    w.showPage("chat");
    w.findChild<QComboBox*>("chatMode")->setCurrentIndex(1);
    w.findChild<QDoubleSpinBox*>("temperature")->setValue(0.0);
    w.findChild<QSpinBox*>("maxTokens")->setValue(maxTokens);
    w.findChild<QPlainTextEdit*>("prompt")->setPlainText("Tell me a story about a cat.");
}

} // namespace

class TestStudioFeatures : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QApplication::setOrganizationName("OWQ Studio Tests");
        QApplication::setApplicationName("test_studio_features");
        QSettings().clear();
    }

    void compareFillsTableChartSvgAndModelCard() {
        OWQ_REQUIRE_SHARED();
        MainWindow w;
        w.show();
        openStories(w);
        owqtest::runSmallCompare(w);
        auto* table = w.findChild<QTableWidget*>("compareTable");
        QCOMPARE(table->rowCount(), 4); // fp, rtn 3, gptq 3, owq 3.1
        QCOMPARE(table->item(0, 0)->text(), QString("fp"));
        QCOMPARE(table->item(3, 0)->text(), QString("owq"));
        for (int r = 0; r < 4; ++r) QVERIFY(table->item(r, 5)->text().toDouble() > 1.0);
        auto* chart = w.findChild<QCustomPlot*>("compareChart");
        QCOMPARE(chart->graphCount(), 3); // full precision is a dashed line, not a graph
        for (int g = 0; g < 3; ++g) QCOMPARE(chart->graph(g)->data()->size(), 1);
        QVERIFY(w.findChild<QLabel*>("compareState")->text().contains("4"));

        // The chart as SVG: an XML document with the plot's vector paths and its axis labels.
        const QString svg = QString::fromStdString(owqtest::scratchDir("studio-svg")) + "/compare.svg";
        QVERIFY(savePlotFile(chart, svg));
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY2(text.startsWith("<?xml") || text.startsWith("<svg"), qPrintable(text.left(80)));
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.contains("<path") || text.contains("<polyline"));
        QVERIFY(text.contains("Bits per weight"));
        QVERIFY(text.contains("Perplexity"));

        // An export quantized with the compared settings quotes the measured perplexities.
        w.showPage("model");
        quantizeOwq3(w);
        const QString out = QString::fromStdString(owqtest::scratchDir("studio-card")) + "/stories-owq3";
        w.exportPage()->setFolder(out);
        QVERIFY(w.exportPage()->exportNow());
        QVERIFY(waitIdle(w, 60000));
        const QString card = QString::fromStdString(owqtest::readFile((out + "/README.md").toStdString()));
        QVERIFY2(card.contains("## Perplexity"), qPrintable(card));
        QVERIFY2(card.contains(table->item(3, 5)->text()), qPrintable(card)); // the OWQ row's perplexity
        QVERIFY2(card.contains(table->item(0, 5)->text()), qPrintable(card)); // the float reference
        QVERIFY(!card.contains(table->item(1, 5)->text()));                   // not RTN's
        QVERIFY(card.contains("`eval.txt` | 128 | 4 x 64 tokens"));
        // ... with the OWQ row's KL divergence and top-1 agreement, and the evaluation protocol.
        QVERIFY2(card.contains("| " + table->item(3, 6)->text() + " | "), qPrintable(card)); // KLD mean
        QVERIFY2(card.contains(table->item(3, 8)->text() + "% |"), qPrintable(card));        // top-1
        QVERIFY2(card.contains(" tokens with BOS once, non-overlapping windows of 128 tokens (stride 128)"),
                 qPrintable(card));

        // Other settings were never compared: the card says no perplexity was measured.
        w.quantizePage()->findChild<QSpinBox*>("nsamples")->setValue(5);
        w.quantizePage()->run();
        QVERIFY(waitIdle(w, 120000));
        w.exportPage()->setFolder(out + "-5");
        QVERIFY(w.exportPage()->exportNow());
        QVERIFY(waitIdle(w, 60000));
        const QString card5 = QString::fromStdString(owqtest::readFile((out + "-5/README.md").toStdString()));
        QVERIFY2(card5.contains("No perplexity was measured"), qPrintable(card5));
    }

    // The Compare table's KL divergence columns hold what core's klDivergence computes for the same row; the
    // cells' tooltips carry the protocol; the chart switches between perplexity and mean KLD.
    void compareKldColumnsAndChartSwitch() {
        OWQ_REQUIRE_SHARED();
        MainWindow w;
        w.show();
        openStories(w);
        w.showPage("compare");
        for (QCheckBox* box : w.comparePage()->findChildren<QCheckBox*>())
            if (box->text().startsWith("Show cached results")) box->setChecked(false);
        owqtest::runSmallCompare(w);
        auto* table = w.findChild<QTableWidget*>("compareTable");
        QCOMPARE(table->rowCount(), 4); // fp, rtn 3, gptq 3, owq 3.1
        QCOMPARE(table->columnCount(), 12); // acc and acc_norm hidden without a task file
        QCOMPARE(table->horizontalHeaderItem(6)->text(), QString("KLD mean"));
        QCOMPARE(table->horizontalHeaderItem(7)->text(), QString("KLD p99"));
        QCOMPARE(table->horizontalHeaderItem(8)->text(), QString("Top-1 %"));
        // Full precision is the reference: no KL divergence of its own.
        for (int c = 6; c <= 8; ++c) QVERIFY(table->item(0, c)->text().isEmpty());

        // Core on the RTN 3-bit row's model (RTN reads no calibration), evaluated as runSmallCompare asks.
        owq::LoadOptions load;
        load.deferLayers = true;
        auto rtn = owq::LanguageModel::open(owqtest::sharedPath("models/stories260K"), load);
        owq::QuantRecipe recipe = owq::QuantRecipe::defaults(owq::Method::RTN, 3);
        recipe.nsamples = 4;
        recipe.seqlen = 64;
        owq::quantizeModel(*rtn, owq::readTextFile(owqtest::sharedPath("data/calib.txt")), recipe);
        auto fp = owq::LanguageModel::open(owqtest::sharedPath("models/stories260K"));
        const owq::KlDivergenceResult k =
            rtn->klDivergence(*fp, owq::readTextFile(owqtest::sharedPath("data/eval.txt")), 128);
        QCOMPARE(table->item(1, 0)->text(), QString("rtn"));
        const auto near = [](const QString& cell, double v) {
            return std::abs(cell.toDouble() - v) <= 1e-4 * std::abs(v) + 1e-6;
        };
        QVERIFY2(near(table->item(1, 5)->text(), k.model.ppl), qPrintable(table->item(1, 5)->text()));
        QVERIFY2(near(table->item(1, 6)->text(), k.kld.mean), qPrintable(table->item(1, 6)->text()));
        QVERIFY2(near(table->item(1, 7)->text(), k.kld.p99), qPrintable(table->item(1, 7)->text()));
        QVERIFY2(std::abs(table->item(1, 8)->text().toDouble() - k.kld.top1) < 0.02,
                 qPrintable(table->item(1, 8)->text()));
        for (int r = 1; r < 4; ++r) QVERIFY(table->item(r, 6)->text().toDouble() > 0);
        // The protocol and the rest of the statistics in the tooltips.
        const QString pplTip = table->item(1, 5)->toolTip();
        QVERIFY2(pplTip.contains("eval.txt") &&
                     pplTip.contains(QString::fromStdString(k.model.protocol.textDigest)) &&
                     pplTip.contains("windows of 128 tokens every 128") &&
                     pplTip.contains(QString::number(k.model.protocol.predictedTokens)),
                 qPrintable(pplTip));
        const QString kldTip = table->item(1, 6)->toolTip();
        const QRegularExpressionMatch median = QRegularExpression("median ([0-9.]+)").match(kldTip);
        QVERIFY2(median.hasMatch() && near(median.captured(1), k.kld.median) && kldTip.contains("eval.txt"),
                 qPrintable(kldTip));
        QVERIFY(w.comparePage()->csv().section('\n', 0, 0).contains("kld_mean,kld_p99,top1"));

        // The chart: perplexity first, then the mean KL divergence on a log axis (no fp point), and back.
        auto* chart = w.findChild<QCustomPlot*>("compareChart");
        auto* metric = w.findChild<QComboBox*>("compareMetric");
        QVERIFY(metric);
        metric->setCurrentIndex(0);
        QCOMPARE(chart->yAxis->label(), QString("Perplexity"));
        QCOMPARE(chart->graphCount(), 3); // rtn, optq/gptq, owq in row order
        QVERIFY(near(QString::number(chart->graph(0)->data()->at(0)->value, 'f', 4), k.model.ppl));
        metric->setCurrentIndex(1);
        QVERIFY2(chart->yAxis->label().contains("KL divergence"), qPrintable(chart->yAxis->label()));
        QCOMPARE(chart->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(chart->graphCount(), 3);
        QVERIFY(near(QString::number(chart->graph(0)->data()->at(0)->value, 'f', 6), k.kld.mean));
        const QString png = QString::fromStdString(owqtest::scratchDir("studio-kld-chart")) + "/kld.png";
        QVERIFY(savePlotFile(chart, png));
        QVERIFY(QFileInfo(png).size() > 1000);
        metric->setCurrentIndex(0);
        QCOMPARE(chart->yAxis->scaleType(), QCPAxis::stLinear);
        QVERIFY(near(QString::number(chart->graph(0)->data()->at(0)->value, 'f', 4), k.model.ppl));

        // Asked again, the cached rows come back with their KL divergence and protocol.
        for (QCheckBox* box : w.comparePage()->findChildren<QCheckBox*>())
            if (box->text().startsWith("Show cached results")) box->setChecked(true);
        const QString rtnKld = table->item(1, 6)->text();
        w.comparePage()->run();
        QVERIFY(waitIdle(w, 10000));
        QCOMPARE(table->rowCount(), 4);
        QVERIFY(w.findChild<QLabel*>("compareState")->text().startsWith("Cached"));
        QCOMPARE(table->item(1, 6)->text(), rtnKld);
        QVERIFY(table->item(1, 5)->toolTip().contains(QString::fromStdString(k.model.protocol.textDigest)));
    }

    void chatTurnThenSideBySide() {
        OWQ_REQUIRE_SHARED();
        MainWindow w;
        w.show();
        openStories(w);
        auto* sideBySide = w.findChild<QCheckBox*>("sideBySide");
        QVERIFY(!sideBySide->isEnabled()); // nothing quantized yet

        // One chat turn: the transcript grows past the template's prefix, tokens/s appear.
        setChat(w, 30);
        auto* output = w.findChild<QPlainTextEdit*>("output");
        QTest::mouseClick(w.findChild<QPushButton*>("generate"), Qt::LeftButton);
        QVERIFY(waitIdle(w, 60000));
        const QString turn = output->toPlainText();
        QVERIFY2(turn.startsWith("You: Tell me a story about a cat.\nModel: ") && turn.size() > 45,
                 qPrintable(turn));
        QVERIFY(w.findChild<QLabel*>("tokensPerSecond")->text().contains("tokens/s"));
        QVERIFY(!w.findChild<QWidget*>("outputQuantized")->isVisible());

        // Side by side after quantizing: both panes answer, each with its own speed.
        quantizeOwq3(w);
        setChat(w, 30);
        QVERIFY(sideBySide->isEnabled());
        sideBySide->setChecked(true);
        auto* quantOutput = w.findChild<QPlainTextEdit*>("outputQuantized");
        QVERIFY(quantOutput->isVisible());
        QVERIFY(output->toPlainText().isEmpty()); // a new conversation for both
        QTest::mouseClick(w.findChild<QPushButton*>("generate"), Qt::LeftButton);
        QVERIFY(waitIdle(w, 60000));
        for (QPlainTextEdit* pane : {output, quantOutput}) {
            const QString t = pane->toPlainText();
            QVERIFY2(t.startsWith("You: Tell me a story about a cat.\nModel: ") && t.size() > 45,
                     qPrintable(t));
        }
        QVERIFY(w.findChild<QLabel*>("tokensPerSecond")->text().contains("tokens/s"));
        // The quantized model in memory runs the packed kernels, and says so.
        const QString quantRate = w.findChild<QLabel*>("tokensPerSecondQuantized")->text();
        QVERIFY2(quantRate.contains("tokens/s on packed cpu"), qPrintable(quantRate));
        QVERIFY(w.findChild<QLabel*>("quantTitle")->text().contains("OWQ 3-bit"));

        // Stop during the first answer ends both: the quantized model never starts.
        w.findChild<QComboBox*>("chatMode")->setCurrentIndex(0);
        w.findChild<QSpinBox*>("maxTokens")->setValue(4000);
        w.findChild<QPlainTextEdit*>("prompt")->setPlainText("Once upon a time");
        QTest::mouseClick(w.findChild<QPushButton*>("generate"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(output->toPlainText().size() > QString("Once upon a time").size(), 30000);
        QTest::mouseClick(w.findChild<QPushButton*>("stop"), Qt::LeftButton);
        QVERIFY(waitIdle(w, 30000));
        const QString fpSpeed = w.findChild<QLabel*>("tokensPerSecond")->text();
        const QString quantSpeed = w.findChild<QLabel*>("tokensPerSecondQuantized")->text();
        if (fpSpeed.contains("cancelled")) {
            QCOMPARE(quantOutput->toPlainText(), QString("Once upon a time"));
            QVERIFY2(quantSpeed.isEmpty(), qPrintable(quantSpeed));
        } else // the first answer had ended before Stop arrived: Stop ended the second
            QVERIFY2(quantSpeed.contains("cancelled"), qPrintable(fpSpeed + " / " + quantSpeed));
        QVERIFY(w.findChild<QPushButton*>("generate")->isEnabled());
    }

    void settingsDialogSwitchesToGerman() {
        {
            MainWindow w;
            QAction* settings = nullptr;
            for (QAction* a : w.menuBar()->findChildren<QAction*>())
                if (a->text() == "&Settings...") settings = a;
            QVERIFY(settings);
            QVERIFY(!settings->shortcut().isEmpty());
            QCOMPARE(w.findChild<QListWidget*>("pages")->item(1)->text(), QString("Quantize"));
        }
        SettingsDialog dialog;
        auto* language = dialog.findChild<QComboBox*>("language");
        QCOMPARE(language->count(), 5);
        language->setCurrentIndex(language->findData("de"));
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.languageChanged());
        QCOMPARE(savedUiLanguage(), QString("de"));
        QCOMPARE(QSettings().value("ui/language").toString(), QString("de"));

        // What main() does at the next start.
        applyUiLanguage();
        {
            MainWindow w;
            QCOMPARE(w.findChild<QListWidget*>("pages")->item(1)->text(), QString("Quantisieren"));
        }
        saveUiLanguage("en");
        applyUiLanguage();
        MainWindow w;
        QCOMPARE(w.findChild<QListWidget*>("pages")->item(1)->text(), QString("Quantize"));
    }
};

QTEST_MAIN(TestStudioFeatures)
#include "test_studio_features.moc"
