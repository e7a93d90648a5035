// The studio window driven as a user would, on the offscreen platform: open stories260K, see its facts and
// the parameter chart, generate greedily, stop a long generation; the GUI thread must keep ticking meanwhile.
#include "main_window.h"
#include "testutil.h"

#include <qcustomplot.h>

#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFormLayout>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

namespace {

// Measures the longest gap between 10 ms timer ticks on the GUI thread while work runs elsewhere.
class StallWatch : public QObject {
public:
    StallWatch() {
        timer_.setInterval(10);
        connect(&timer_, &QTimer::timeout, this, [this] { worst_ = std::max(worst_, clock_.restart()); });
        clock_.start();
        timer_.start();
    }
    qint64 worstGapMs() const { return worst_; }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 worst_ = 0;
};

bool waitIdle(MainWindow& w, int ms) {
    if (!w.isBusy()) return true;
    QSignalSpy spy(&w, &MainWindow::idle);
    return spy.wait(ms);
}

} // namespace

class TestStudioWindow : public QObject {
    Q_OBJECT
private slots:
    void openModelAndGenerate() {
        OWQ_REQUIRE_SHARED();
        MainWindow w;
        w.show();
        QTest::qWait(50); // first layout and paint happen before work starts
        StallWatch watch;
        w.openModel(QString::fromStdString(owqtest::sharedPath("models/stories260K")));
        QVERIFY(waitIdle(w, 60000));
        qInfo("worst GUI-thread gap while loading: %lld ms", watch.worstGapMs());
        auto* plot = w.findChild<QCustomPlot*>("paramPlot");
        QVERIFY(plot && plot->isVisible());
        QCOMPARE(plot->plottableCount(), 1);
        QCOMPARE(static_cast<QCPBars*>(plot->plottable(0))->data()->size(), 3);
        bool sawParams = false;
        for (QLabel* l : w.findChildren<QLabel*>())
            if (l->text() == QLocale().toString(260032)) sawParams = true;
        QVERIFY(sawParams);

        w.findChild<QDoubleSpinBox*>("temperature")->setValue(0.0);
        w.findChild<QSpinBox*>("maxTokens")->setValue(40);
        w.findChild<QPlainTextEdit*>("prompt")->setPlainText("Once upon a time");
        auto* generate = w.findChild<QPushButton*>("generate");
        QVERIFY(generate->isEnabled());
        QTest::mouseClick(generate, Qt::LeftButton);
        QVERIFY(w.isBusy());
        QVERIFY(waitIdle(w, 60000));
        const QString out = w.findChild<QPlainTextEdit*>("output")->toPlainText();
        QVERIFY2(out.startsWith("Once upon a time") && out.size() > 40, qPrintable(out));
        QVERIFY2(watch.worstGapMs() < 200, qPrintable(QString::number(watch.worstGapMs())));
    }

    void stopEndsGeneration() {
        OWQ_REQUIRE_SHARED();
        MainWindow w;
        w.show();
        w.openModel(QString::fromStdString(owqtest::sharedPath("models/stories260K")));
        QVERIFY(waitIdle(w, 60000));
        w.findChild<QSpinBox*>("maxTokens")->setValue(4000);
        QTest::mouseClick(w.findChild<QPushButton*>("generate"), Qt::LeftButton);
        QTest::qWait(100);
        QTest::mouseClick(w.findChild<QPushButton*>("stop"), Qt::LeftButton);
        QVERIFY(waitIdle(w, 10000));
        QVERIFY(w.findChild<QPushButton*>("generate")->isEnabled());
    }

    void badFolderShowsErrorAndStaysUsable() {
        MainWindow w;
        w.show();
        // The warning dialog is modal: close it as soon as it appears.
        QTimer closer;
        QString message;
        connect(&closer, &QTimer::timeout, [&] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                message = box->text();
                box->accept();
            }
        });
        closer.start(20);
        w.openModel(QString::fromStdString(owqtest::scratchDir("studio-bad") + "/missing"));
        QVERIFY(waitIdle(w, 10000));
        QTRY_VERIFY_WITH_TIMEOUT(!message.isEmpty(), 5000);
        QVERIFY2(message.contains("missing"), qPrintable(message));
        QVERIFY(!w.isBusy());
    }
};

QTEST_MAIN(TestStudioWindow)
#include "test_studio_window.moc"
