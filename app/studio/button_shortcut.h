// A keyboard shortcut for a page's main button (Quantize, Compare, Generate, Export): a window shortcut that
// lives only while its page is shown (a hidden page's shortcut does not fire, so pages may share keys), named
// in the button's tooltip. The button keeps its &mnemonic (QAbstractButton::setShortcut would replace it).
// Header only.
#pragma once

#include <QAbstractButton>
#include <QKeySequence>
#include <QShortcut>

inline QShortcut* addButtonShortcut(QAbstractButton* button, const QKeySequence& keys, const QString& what) {
    auto* shortcut = new QShortcut(keys, button);
    shortcut->setObjectName(button->objectName() + "Shortcut");
    QObject::connect(shortcut, &QShortcut::activated, button, &QAbstractButton::click);
    button->setToolTip(QStringLiteral("%1 (%2)").arg(what, keys.toString(QKeySequence::NativeText)));
    return shortcut;
}
