#include "path_edit.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

PathEdit::PathEdit(Kind kind, const QString& settingsKey, const QString& caption, QWidget* parent)
    : QWidget(parent), kind_(kind), key_(settingsKey), caption_(caption), edit_(new QLineEdit) {
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    auto* browse = new QPushButton(tr("Browse..."));
    row->addWidget(edit_, 1);
    row->addWidget(browse);
    edit_->setText(QSettings().value(key_).toString());
    connect(edit_, &QLineEdit::textChanged, this, [this](const QString& text) {
        QSettings().setValue(key_, text);
        emit pathChanged(text);
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString start = edit_->text().isEmpty() ? QString() : QFileInfo(edit_->text()).absolutePath();
        const QString chosen = kind_ == Folder ? QFileDialog::getExistingDirectory(this, caption_, start)
                                               : QFileDialog::getOpenFileName(this, caption_, start);
        if (!chosen.isEmpty()) edit_->setText(chosen);
    });
}

QString PathEdit::path() const {
    return edit_->text().trimmed();
}

void PathEdit::setPath(const QString& path) {
    edit_->setText(path);
}
