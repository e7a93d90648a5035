#include "settings_dialog.h"

#include "ui_language.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace {
// The Compare page's cache group (compare_page.cpp).
constexpr auto kCompareCache = "compareCache";

int cachedComparisons() {
    QSettings settings;
    settings.beginGroup(kCompareCache);
    return int(settings.childKeys().size());
}
} // namespace

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Settings"));
    auto* layout = new QVBoxLayout(this);

    auto* appearance = new QGroupBox(tr("Language"));
    auto* form = new QFormLayout(appearance);
    language_ = new QComboBox;
    language_->setObjectName("language");
    for (const UiLanguage& l : uiLanguages()) language_->addItem(l.name, l.code);
    language_->setCurrentIndex(std::max(0, language_->findData(savedUiLanguage())));
    form->addRow(tr("User interface language"), language_);
    auto* note = new QLabel(tr("A new language takes effect when OWQ Studio restarts."));
    note->setObjectName("languageNote");
    note->setWordWrap(true);
    form->addRow(note);
    layout->addWidget(appearance);

    auto* data = new QGroupBox(tr("Stored results"));
    auto* dataForm = new QFormLayout(data);
    cache_ = new QLabel;
    cache_->setObjectName("cachedComparisons");
    clearCache_ = new QPushButton(tr("Forget Cached Comparisons"));
    clearCache_->setObjectName("clearCompareCache");
    dataForm->addRow(cache_, clearCache_);
    layout->addWidget(data);
    updateCacheLabel();
    connect(clearCache_, &QPushButton::clicked, this, [this] {
        QSettings().remove(kCompareCache);
        updateCacheLabel();
    });

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        apply();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void SettingsDialog::updateCacheLabel() {
    const int n = cachedComparisons();
    cache_->setText(tr("Cached comparisons: %1").arg(n));
    clearCache_->setEnabled(n > 0);
}

void SettingsDialog::apply() {
    const QString code = language_->currentData().toString();
    languageChanged_ = code != savedUiLanguage();
    if (languageChanged_) saveUiLanguage(code);
}
