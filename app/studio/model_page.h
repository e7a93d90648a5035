// Model page: open a checkpoint or packed OWQ folder (dialog, drag and drop onto the window, recent list) or
// the demo model, and see what it is: architecture, sizes, dtype, quantization, memory, tokenizer.
#pragma once

#include "studio_context.h"

#include <QWidget>

class QCustomPlot;
class QFormLayout;
class QListWidget;

class ModelPage : public QWidget {
    Q_OBJECT
public:
    ModelPage(const StudioContext& studio, QWidget* parent = nullptr);
    void openModel(const QString& dir);
    void openDemoModel();
    void chooseFolder();
    QStringList recentModels() const;

private:
    void showSummary(const ModelSummary& s);
    void plotParameters(const ModelSummary& s);
    void remember(const QString& dir);

    StudioContext studio_;
    QFormLayout* info_ = nullptr;
    QCustomPlot* paramPlot_ = nullptr;
    QListWidget* recent_ = nullptr;
};
