// Tools > Settings: the UI language (saved in QSettings, shown from the next start) and the comparisons
// the Compare page keeps, which can be forgotten here. Every setting it shows is one the studio reads.
#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget* parent = nullptr);
    // Saves the choices (also what OK does).
    void apply();
    // True when the last apply() changed the language (it takes effect on restart).
    bool languageChanged() const { return languageChanged_; }

private:
    void updateCacheLabel();

    QComboBox* language_ = nullptr;
    QLabel* cache_ = nullptr;
    QPushButton* clearCache_ = nullptr;
    bool languageChanged_ = false;
};
