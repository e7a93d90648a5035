#include "ui_language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

namespace {
constexpr auto kKey = "ui/language";
}

QList<UiLanguage> uiLanguages() {
    return {{QString(), QCoreApplication::translate("UiLanguage", "System default")},
            {"en", QStringLiteral("English")},
            {"de", QStringLiteral("Deutsch")},
            {"ko", QStringLiteral("한국어")},
            {"zh_CN", QStringLiteral("简体中文")}};
}

QString savedUiLanguage() {
    return QSettings().value(kKey).toString();
}

void saveUiLanguage(const QString& code) {
    QSettings().setValue(kKey, code);
}

QLocale applyUiLanguage() {
    // Owned here for the life of the program; re-applying swaps their contents.
    static QTranslator studio, qt;
    QCoreApplication::removeTranslator(&studio);
    QCoreApplication::removeTranslator(&qt);
    const QString code = savedUiLanguage();
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    QLocale::setDefault(locale);
    if (studio.load(locale, "owq_studio", "_", ":/i18n")) QCoreApplication::installTranslator(&studio);
    if (qt.load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qt);
    return locale;
}
