// Page inputs that persist between sessions (QSettings, one key per widget): persistInput() restores the
// saved value once (call it after the page has connected its own signals, in the order the inputs depend on
// each other, so dependent widgets follow the restored value) and saves every later change. Paths persist
// through PathEdit. Header only.
#pragma once

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>

inline void persistInput(QSpinBox* w, const QString& key) {
    const QVariant saved = QSettings().value(key);
    if (saved.isValid()) w->setValue(saved.toInt());
    QObject::connect(w, &QSpinBox::valueChanged, w, [key](int v) { QSettings().setValue(key, v); });
}

inline void persistInput(QDoubleSpinBox* w, const QString& key) {
    const QVariant saved = QSettings().value(key);
    if (saved.isValid()) w->setValue(saved.toDouble());
    QObject::connect(w, &QDoubleSpinBox::valueChanged, w, [key](double v) { QSettings().setValue(key, v); });
}

// By index: the items are the page's fixed choices (translated texts change with the language).
inline void persistInput(QComboBox* w, const QString& key) {
    const QVariant saved = QSettings().value(key);
    if (saved.isValid() && saved.toInt() >= 0 && saved.toInt() < w->count())
        w->setCurrentIndex(saved.toInt());
    QObject::connect(w, &QComboBox::currentIndexChanged, w, [key](int i) { QSettings().setValue(key, i); });
}

inline void persistInput(QCheckBox* w, const QString& key) {
    const QVariant saved = QSettings().value(key);
    if (saved.isValid()) w->setChecked(saved.toBool());
    QObject::connect(w, &QCheckBox::toggled, w, [key](bool on) { QSettings().setValue(key, on); });
}

inline void persistInput(QLineEdit* w, const QString& key) {
    const QVariant saved = QSettings().value(key);
    if (saved.isValid()) w->setText(saved.toString());
    QObject::connect(w, &QLineEdit::textChanged, w,
                     [key](const QString& t) { QSettings().setValue(key, t); });
}
