// owq-studio [MODEL] [--demo] [--page NAME] [--screenshot FILE] [--quantize CALIB] [--compare CALIB,EVAL]
//             [--generate PROMPT [--side-by-side]] [--settings] [--tune DATA,OUT [--steps N]] [--dark]
// With --screenshot the run uses scratch settings (defaults in, nothing saved).
#include "chat_page.h"
#include "compare_page.h"
#include "main_window.h"
#include "path_edit.h"
#include "plot_theme.h"
#include "quantize_page.h"
#include "settings_dialog.h"
#include "tune_page.h"
#include "ui_language.h"

#include <QApplication>
#include <QCheckBox>
#include <QCommandLineParser>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>

#include <deque>
#include <functional>

#include "owq/process.h"
#include "owq/version.h"

int main(int argc, char** argv) {
    owq::reexecWithShortOpenMPSpin(argv);
    QApplication app(argc, argv);
    QApplication::setOrganizationName("OWQ Studio");
    QApplication::setApplicationName("owq-studio");
    QApplication::setApplicationVersion(owq::version());

    // The language chosen in Tools > Settings, else the system's.
    applyUiLanguage();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "OWQ Studio: quantize, inspect and chat with large language models"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("model", QApplication::translate("main", "Model folder to open"));
    QCommandLineOption demo("demo",
                            QApplication::translate("main", "Open the demo model (built on first use)"));
    QCommandLineOption shot(
        "screenshot", QApplication::translate("main", "Render the window to FILE (PNG) once idle, then exit"),
        "FILE");
    QCommandLineOption page(
        "page",
        QApplication::translate("main",
                                "Show page NAME: model, quantize, inspect, compare, chat, export, tune"),
        "NAME");
    QCommandLineOption quantize(
        "quantize", QApplication::translate("main", "After opening, quantize with the calibration text FILE"),
        "FILE");
    QCommandLineOption nsamples("nsamples",
                                QApplication::translate("main", "Calibration windows for --quantize"), "N");
    QCommandLineOption seqlen("seqlen", QApplication::translate("main", "Tokens per window for --quantize"),
                              "N");
    QCommandLineOption compare(
        "compare", QApplication::translate("main", "After opening, compare methods on CALIB,EVAL text files"),
        "CALIB,EVAL");
    QCommandLineOption generate("generate", QApplication::translate("main", "After opening, complete PROMPT"),
                                "PROMPT");
    QCommandLineOption tune(
        "tune",
        QApplication::translate("main",
                                "After opening a packed model, tune its weak columns on DATA into OUT"),
        "DATA,OUT");
    QCommandLineOption tuneSteps("steps", QApplication::translate("main", "Optimizer steps for --tune"), "N");
    for (const auto* o :
         {&demo, &shot, &page, &quantize, &nsamples, &seqlen, &compare, &generate, &tune, &tuneSteps})
        parser.addOption(*o);
    QCommandLineOption sideBySide(
        "side-by-side",
        QApplication::translate("main", "With --generate: answer with the float and the quantized model"));
    QCommandLineOption settingsDialog(
        "settings",
        QApplication::translate("main", "Show the settings dialog (what --screenshot then renders)"));
    parser.addOption(sideBySide);
    parser.addOption(settingsDialog);
    QCommandLineOption dark(
        "dark",
        QApplication::translate("main", "Use a dark palette, as a dark desktop theme would (screenshots)"));
    parser.addOption(dark);
    parser.process(app);
    // A scripted --screenshot run starts from the defaults and leaves the user's settings alone: the page
    // inputs persist (QSettings), and --nsamples/--seqlen/--steps would otherwise become the user's values.
    QTemporaryDir scratchSettings;
    if (parser.isSet(shot) && scratchSettings.isValid())
        for (QSettings::Format f : {QSettings::NativeFormat, QSettings::IniFormat})
            QSettings::setPath(f, QSettings::UserScope, scratchSettings.path());
    // Qt 6.4 takes light or dark from the platform theme's palette; --dark sets a dark one the same way.
    if (parser.isSet(dark)) QApplication::setPalette(plot_theme::darkPalette());

    MainWindow window;
    if (parser.isSet(page) && !window.showPage(parser.value(page))) {
        fprintf(stderr, "owq-studio: unknown page '%s' (%s)\n", qPrintable(parser.value(page)),
                qPrintable(MainWindow::pageNames().join(", ")));
        return 2;
    }
    window.show();

    // Steps run one after another, each once the studio is idle; the screenshot is the last.
    auto steps = std::make_shared<std::deque<std::function<void()>>>();
    if (!parser.positionalArguments().isEmpty()) {
        const QString dir = parser.positionalArguments().first();
        steps->push_back([&window, dir] { window.openModel(dir); });
    } else if (parser.isSet(demo))
        steps->push_back([&window] { window.openDemoModel(); });
    if (parser.isSet(quantize))
        steps->push_back([&window, &parser, &quantize, &nsamples, &seqlen] {
            QuantizePage* q = window.quantizePage();
            q->findChild<PathEdit*>("calibFile")->setPath(parser.value(quantize));
            if (parser.isSet(nsamples))
                q->findChild<QSpinBox*>("nsamples")->setValue(parser.value(nsamples).toInt());
            if (parser.isSet(seqlen))
                q->findChild<QSpinBox*>("seqlen")->setValue(parser.value(seqlen).toInt());
            q->run();
        });
    if (parser.isSet(compare))
        steps->push_back([&window, &parser, &compare, &nsamples, &seqlen] {
            const QStringList files = parser.value(compare).split(',');
            ComparePage* c = window.comparePage();
            c->findChild<PathEdit*>("compareCalib")->setPath(files.value(0));
            c->findChild<PathEdit*>("compareEval")->setPath(files.value(1));
            if (parser.isSet(nsamples))
                c->findChild<QSpinBox*>("compareNsamples")->setValue(parser.value(nsamples).toInt());
            if (parser.isSet(seqlen))
                c->findChild<QSpinBox*>("compareSeqlen")->setValue(parser.value(seqlen).toInt());
            c->run();
        });
    if (parser.isSet(generate))
        steps->push_back([&window, &parser, &generate, &sideBySide] {
            ChatPage* chat = window.chatPage();
            chat->findChild<QPlainTextEdit*>("prompt")->setPlainText(parser.value(generate));
            chat->findChild<QSpinBox*>("maxTokens")->setValue(120);
            if (parser.isSet(sideBySide)) chat->findChild<QCheckBox*>("sideBySide")->setChecked(true);
            chat->send();
        });
    QPointer<SettingsDialog> settings;
    if (parser.isSet(settingsDialog))
        steps->push_back([&window, &settings] {
            settings = new SettingsDialog(&window);
            settings->show();
        });
    if (parser.isSet(tune))
        steps->push_back([&window, &parser, &tune, &tuneSteps] {
            const QStringList args = parser.value(tune).split(',');
            TunePage* t = window.tunePage();
            t->findChild<PathEdit*>("tuneData")->setPath(args.value(0));
            t->findChild<PathEdit*>("tuneOut")->setPath(args.value(1));
            if (parser.isSet(tuneSteps))
                t->findChild<QSpinBox*>("tuneSteps")->setValue(parser.value(tuneSteps).toInt());
            t->run();
        });
    if (parser.isSet(shot)) {
        const QString file = parser.value(shot);
        steps->push_back([&window, &settings, file] {
            QTimer::singleShot(300, &window, [&window, &settings, file] {
                const bool ok = (settings ? settings->grab() : window.grab()).save(file);
                if (!ok) fprintf(stderr, "owq-studio: cannot write %s\n", qPrintable(file));
                QApplication::exit(ok ? 0 : 1);
            });
        });
    }
    auto next = [steps, &window] {
        if (steps->empty() || window.isBusy()) return;
        auto step = steps->front();
        steps->pop_front();
        step();
        // A step that started no job (or finished at once) lets the next one run.
        if (!window.isBusy() && !steps->empty())
            QTimer::singleShot(0, &window, [&window] { emit window.idle(); });
    };
    QObject::connect(&window, &MainWindow::idle, &window, [next] { QTimer::singleShot(50, next); });
    QTimer::singleShot(0, &window, next);
    return app.exec();
}
