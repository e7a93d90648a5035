// The studio's window at this stage: open a model (folder, drag and drop, or the demo model), see what it
// is, and generate text from it with streaming output. All slow work goes through ModelService's thread.
#pragma once

#include "model_service.h"

#include <QMainWindow>
#include <QThread>

class QCustomPlot;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openModel(const QString& dir);
    void openDemoModel();
    bool isBusy() const { return busy_; }

signals:
    void requestOpen(const QString& dir);
    void requestDemo(const QString& dir);
    void requestGenerate(const GenerationRequest& request);
    void idle(); // emitted when background work ends (tests and --screenshot wait on it)

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildUi();
    void setBusy(bool busy, const QString& what = {});
    void showSummary(const ModelSummary& s);
    void plotParameters(const ModelSummary& s);
    void chooseFolder();
    void startGeneration();

    QThread worker_;
    ModelService* service_ = nullptr;
    bool busy_ = false;
    bool haveModel_ = false;

    QFormLayout* info_ = nullptr;
    QCustomPlot* paramPlot_ = nullptr;
    QPlainTextEdit* prompt_ = nullptr;
    QPlainTextEdit* output_ = nullptr;
    QDoubleSpinBox* temperature_ = nullptr;
    QSpinBox* maxTokens_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QPushButton* generate_ = nullptr;
    QPushButton* stop_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    ModelSummary summary_;
};
