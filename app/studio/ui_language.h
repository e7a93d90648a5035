// The studio's UI language: the choices (System default, English, Deutsch, 한국어, 简体中文), the one saved
// in QSettings ("ui/language"; empty: the system's), and installing the matching translators. Widgets take
// their texts when built, so a new choice shows from the next start (main() applies it before the window
// exists).
#pragma once

#include <QList>
#include <QLocale>
#include <QString>

struct UiLanguage {
    QString code; // "" (the system's), "en", "de", "ko", "zh_CN"
    QString name; // in its own language; the system entry translated
};

QList<UiLanguage> uiLanguages();
QString savedUiLanguage();
void saveUiLanguage(const QString& code);
// Installs the studio's and Qt's translators for the saved language (replacing earlier ones) and makes its
// locale the default. Returns that locale.
QLocale applyUiLanguage();
