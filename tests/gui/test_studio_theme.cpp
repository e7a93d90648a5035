// Light and dark: the studio follows the application palette, which is how Qt 6.4 follows the system (the
// platform theme sets it). A dark palette set at run time gives every chart (Model parameters, Inspect
// sensitivity and H diagonal, Compare, Tune) a dark background with light axes, labels and legend; the light
// palette brings them back; series colours switch with the scheme; no text pane or label keeps a fixed
// colour (style sheet or own palette) that would stay white or black. Also the rest of issue 5: keyboard
// shortcuts, the pages' inputs persisting, dropping a model folder on the window.
#include "main_window.h"
#include "plot_theme.h"
#include "quantize_page.h"
#include "testutil.h"

#include <qcustomplot.h>

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStyle>
#include <QTextEdit>
#include <QUrl>
#include <QtTest>

namespace {

const char* const kPlots[] = {"paramPlot", "sensitivityPlot", "columnPlot", "compareChart", "tuneChart"};

bool isDarkColor(const QColor& c) {
    return c.lightnessF() < 0.35;
}
bool isLightColor(const QColor& c) {
    return c.lightnessF() > 0.65;
}

// Each chart as painted (a corner pixel is background) and as styled (axes, labels, legend).
void checkPlots(MainWindow& w, bool dark) {
    for (const char* name : kPlots) {
        auto* plot = w.findChild<QCustomPlot*>(name);
        QVERIFY2(plot, name);
        const QColor background = plot->toPixmap(240, 160).toImage().pixelColor(1, 1);
        QVERIFY2(dark ? isDarkColor(background) : isLightColor(background),
                 qPrintable(QString("%1 background %2").arg(name, background.name())));
        QCOMPARE(background, QApplication::palette().color(QPalette::Base));
        for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
            for (const QColor& c : {axis->labelColor(), axis->tickLabelColor(), axis->basePen().color(),
                                    axis->tickPen().color()})
                QVERIFY2(dark ? isLightColor(c) : isDarkColor(c),
                         qPrintable(QString("%1 axis colour %2").arg(name, c.name())));
            QCOMPARE(axis->labelColor(), QApplication::palette().color(QPalette::Text));
        }
        QVERIFY2(dark ? isLightColor(plot->legend->textColor()) : isDarkColor(plot->legend->textColor()),
                 name);
        QCOMPARE(plot->legend->brush().color(), QApplication::palette().color(QPalette::Base));
    }
}

// No text pane or label pins its own colours: no style sheet, and its Base/Text are the application's.
void checkTextWidgets(MainWindow& w) {
    QVERIFY(w.styleSheet().isEmpty());
    QVERIFY(qApp->styleSheet().isEmpty());
    const QPalette app = QApplication::palette();
    int panes = 0;
    for (QPlainTextEdit* e : w.findChildren<QPlainTextEdit*>()) {
        QVERIFY2(e->styleSheet().isEmpty(), qPrintable(e->objectName()));
        QCOMPARE(e->palette().color(QPalette::Base), app.color(QPalette::Base));
        QCOMPARE(e->palette().color(QPalette::Text), app.color(QPalette::Text));
        ++panes;
    }
    for (QTextEdit* e : w.findChildren<QTextEdit*>()) {
        QVERIFY2(e->styleSheet().isEmpty(), qPrintable(e->objectName()));
        QCOMPARE(e->palette().color(QPalette::Base), app.color(QPalette::Base));
        const QString html = e->toHtml();
        QVERIFY2(!html.contains("background-color:#ffffff") && !html.contains("color:#000000"),
                 qPrintable(e->objectName()));
    }
    QVERIFY(panes >= 3); // chat transcript(s), chat prompt, quantize log
    for (QLabel* l : w.findChildren<QLabel*>()) {
        QVERIFY2(l->styleSheet().isEmpty(), qPrintable(l->objectName() + ": " + l->text()));
        QVERIFY2(!l->text().contains("color:", Qt::CaseInsensitive), qPrintable(l->text()));
        QCOMPARE(l->palette().color(QPalette::WindowText), app.color(QPalette::WindowText));
    }
}

// What a desktop theme switch does: a new application palette, delivered to the widgets by events.
void setAppPalette(const QPalette& palette) {
    QApplication::setPalette(palette);
    QCoreApplication::processEvents();
}

QColor firstBarColor(MainWindow& w) {
    auto* plot = w.findChild<QCustomPlot*>("paramPlot");
    auto* bars = plot->plottableCount() ? qobject_cast<QCPBars*>(plot->plottable(0)) : nullptr;
    return bars ? bars->brush().color() : QColor();
}

} // namespace

class TestStudioTheme : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QApplication::setOrganizationName("OWQ Studio Tests");
        QApplication::setApplicationName("test_studio_theme");
        QSettings().clear();
        light_ = QApplication::palette();
        QVERIFY(!plot_theme::isDark(light_)); // offscreen: Fusion's light palette
    }

    void cleanup() { setAppPalette(light_); }

    void chartsAndPanesFollowThePalette() {
        MainWindow w;
        w.show();
        checkPlots(w, false);
        checkTextWidgets(w);

        setAppPalette(plot_theme::darkPalette());
        QVERIFY(plot_theme::isDark(QApplication::palette()));
        checkPlots(w, true);
        checkTextWidgets(w);

        setAppPalette(light_);
        checkPlots(w, false);
        checkTextWidgets(w);

        // A window made while dark starts dark.
        setAppPalette(plot_theme::darkPalette());
        MainWindow dark;
        checkPlots(dark, true);
    }

    void seriesColoursSwitchWithTheScheme() {
        OWQ_REQUIRE_SHARED();
        MainWindow w;
        w.show();
        w.openModel(QString::fromStdString(owqtest::sharedPath("models/stories260K")));
        if (w.isBusy()) {
            QSignalSpy idle(&w, &MainWindow::idle);
            QVERIFY(idle.wait(60000));
        }
        const QColor lightBlue = firstBarColor(w);
        QVERIFY(lightBlue.isValid());
        QCOMPARE(lightBlue, plot_theme::seriesColor(plot_theme::Blue, light_));
        setAppPalette(plot_theme::darkPalette());
        const QColor darkBlue = firstBarColor(w);
        QCOMPARE(darkBlue, plot_theme::seriesColor(plot_theme::Blue, plot_theme::darkPalette()));
        QVERIFY(darkBlue.lightnessF() > lightBlue.lightnessF());
        setAppPalette(light_);
        QCOMPARE(firstBarColor(w), lightBlue);
    }

    // Issue 5's keyboard shortcuts: menu actions for open, quit, settings, cancel and each page; the pages'
    // main buttons with theirs in the tooltip, live only while their page shows (so Ctrl+R may be shared).
    void keyboardShortcuts() {
        MainWindow w;
        w.show();
        QStringList menuKeys;
        for (QAction* a : w.findChildren<QAction*>())
            if (!a->shortcut().isEmpty()) menuKeys << a->shortcut().toString();
        // Quit is the platform's binding, or Ctrl+Q where it has none (the offscreen platform).
        const QString quit = QKeySequence::keyBindings(QKeySequence::Quit).isEmpty()
                                 ? QString("Ctrl+Q")
                                 : QKeySequence(QKeySequence::Quit).toString();
        for (const QString& keys :
             {QKeySequence(QKeySequence::Open).toString(), quit, QString("Esc"), QString("Ctrl+1"),
              QString("Ctrl+%1").arg(MainWindow::pageNames().size())})
            QVERIFY2(menuKeys.contains(keys), qPrintable(keys + " in " + menuKeys.join(' ')));
        QVERIFY(w.findChild<QPushButton*>("cancelJob")->toolTip().contains("Esc"));
        const struct {
            const char* page;
            const char* button;
            const char* keys;
        } buttons[] = {{"quantize", "runQuantize", "Ctrl+R"},
                       {"compare", "runCompare", "Ctrl+R"},
                       {"chat", "generate", "Ctrl+Return"},
                       {"export", "exportButton", "Ctrl+E"}};
        for (const auto& b : buttons) {
            auto* button = w.findChild<QPushButton*>(b.button);
            QVERIFY2(button, b.button);
            auto* shortcut = button->findChild<QShortcut*>();
            QVERIFY2(shortcut, b.button);
            QCOMPARE(shortcut->key().toString(), QString(b.keys));
            QVERIFY2(button->toolTip().contains(QKeySequence(b.keys).toString(QKeySequence::NativeText)),
                     qPrintable(button->toolTip()));
            QVERIFY2(!button->text().isEmpty() && button->text().contains('&'), b.button); // mnemonic kept
            w.showPage(b.page);
            QVERIFY(button->isVisible());
        }
    }

    // Issue 5's persistence: the pages' inputs (not only paths) come back in the next window.
    void pageInputsPersist() {
        QSettings().clear();
        {
            MainWindow w;
            w.findChild<QComboBox*>("method")->setCurrentIndex(1);
            w.findChild<QComboBox*>("baseBits")->setCurrentText("4");
            w.findChild<QSpinBox*>("nsamples")->setValue(17);
            w.findChild<QSpinBox*>("compareEvalSeqlen")->setValue(96);
            w.findChild<QLineEdit*>("owqTargets")->setText("3.2");
            w.findChild<QDoubleSpinBox*>("temperature")->setValue(0.3);
            w.findChild<QComboBox*>("metric")->setCurrentIndex(3);
            w.findChild<QComboBox*>("sampling")->setCurrentIndex(1);        // Quantize: reference sampling
            w.findChild<QComboBox*>("compareSampling")->setCurrentIndex(1); // Compare: the same
        }
        MainWindow w;
        QCOMPARE(w.findChild<QComboBox*>("method")->currentIndex(), 1);
        QCOMPARE(w.findChild<QComboBox*>("baseBits")->currentText(), QString("4"));
        QCOMPARE(w.findChild<QSpinBox*>("nsamples")->value(), 17);
        QCOMPARE(w.findChild<QSpinBox*>("compareEvalSeqlen")->value(), 96);
        QCOMPARE(w.findChild<QLineEdit*>("owqTargets")->text(), QString("3.2"));
        QCOMPARE(w.findChild<QDoubleSpinBox*>("temperature")->value(), 0.3);
        QCOMPARE(w.findChild<QComboBox*>("metric")->currentIndex(), 3);
        QCOMPARE(w.findChild<QComboBox*>("compareSampling")->currentIndex(), 1);
        QCOMPARE(w.findChild<QuantizePage*>()->recipe().sampling, owq::CalibrationSampling::Reference);
        QSettings().clear();
    }

    // Issue 5's drag and drop: a model folder (or a file in it) dropped on the window opens it and joins the
    // recent list; the window has the application icon.
    void dropModelFolderOpensIt() {
        OWQ_REQUIRE_SHARED();
        QSettings().clear();
        MainWindow w;
        w.show();
        QVERIFY(!w.windowIcon().isNull());
        const QString dir =
            QFileInfo(QString::fromStdString(owqtest::sharedPath("models/stories260K"))).absoluteFilePath();
        for (const QString& dropped : {dir, dir + "/config.json"}) {
            QSettings().clear();
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(dropped)});
            QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&w, &enter);
            QVERIFY(enter.isAccepted());
            QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&w, &drop);
            if (w.isBusy()) {
                QSignalSpy idle(&w, &MainWindow::idle);
                QVERIFY(idle.wait(60000));
            }
            QVERIFY2(w.findChild<QWidget*>("modelPage")->isVisible(), qPrintable(dropped));
            QVERIFY2(QSettings().value("recent/models").toStringList().contains(dir), qPrintable(dropped));
        }
        QSettings().clear();
    }

private:
    QPalette light_;
};

QTEST_MAIN(TestStudioTheme)
#include "test_studio_theme.moc"
