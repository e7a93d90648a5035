// owq-studio [MODEL] [--demo] [--screenshot FILE]
#include "main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#include "owq/process.h"
#include "owq/version.h"

int main(int argc, char** argv) {
    owq::reexecWithPassiveOpenMP(argv);
    QApplication app(argc, argv);
    QApplication::setOrganizationName("OWQ Studio");
    QApplication::setApplicationName("owq-studio");
    QApplication::setApplicationVersion(owq::version());

    QTranslator translator;
    if (translator.load(QLocale(), "owq_studio", "_", ":/i18n")) QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "OWQ Studio: quantize, inspect and chat with LLaMA-family models"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("model", QApplication::translate("main", "Model folder to open"));
    QCommandLineOption demo("demo",
                            QApplication::translate("main", "Open the demo model (built on first use)"));
    QCommandLineOption shot(
        "screenshot", QApplication::translate("main", "Render the window to FILE (PNG) once idle, then exit"),
        "FILE");
    parser.addOption(demo);
    parser.addOption(shot);
    parser.process(app);

    MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openModel(parser.positionalArguments().first());
    else if (parser.isSet(demo))
        window.openDemoModel();

    if (parser.isSet(shot)) {
        const QString file = parser.value(shot);
        auto grab = [&window, file] {
            window.grab().save(file);
            QApplication::quit();
        };
        if (window.isBusy())
            QObject::connect(&window, &MainWindow::idle, &window, [grab] { QTimer::singleShot(200, grab); });
        else
            QTimer::singleShot(200, grab);
    }
    return app.exec();
}
