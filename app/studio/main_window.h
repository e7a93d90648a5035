// The studio window: a page list (Model, Quantize, Inspect, Compare, Chat, Export, Tune) over a stack of
// pages, each a thin view over core through services that live on worker threads (ModelService, QuantService,
// CompareService, TuneService) and talk to the GUI only through queued signals. One job runs at a time
// (BusyState); the status bar shows it with a progress bar and Cancel.
#pragma once

#include "studio_context.h"

#include <QMainWindow>
#include <QThread>

class ChatPage;
class ComparePage;
class ExportPage;
class InspectPage;
class ModelPage;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QuantizePage;
class TunePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openModel(const QString& dir);
    void openDemoModel();
    bool isBusy() const { return busy_->busy(); }
    // Page names: model, quantize, inspect, compare, chat, export, tune. False for an unknown name.
    bool showPage(const QString& name);
    static QStringList pageNames();
    // Tools > Settings (modal).
    void showSettings();

    ModelPage* modelPage() const { return modelPage_; }
    QuantizePage* quantizePage() const { return quantizePage_; }
    InspectPage* inspectPage() const { return inspectPage_; }
    ComparePage* comparePage() const { return comparePage_; }
    ChatPage* chatPage() const { return chatPage_; }
    ExportPage* exportPage() const { return exportPage_; }
    TunePage* tunePage() const { return tunePage_; }

signals:
    void idle(); // emitted when background work ends (tests and --screenshot wait on it)

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void saveSettings();

    QThread modelThread_, quantThread_, compareThread_, tuneThread_;
    StudioContext studio_;
    BusyState* busy_ = nullptr;

    QListWidget* nav_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    ModelPage* modelPage_ = nullptr;
    QuantizePage* quantizePage_ = nullptr;
    InspectPage* inspectPage_ = nullptr;
    ComparePage* comparePage_ = nullptr;
    ChatPage* chatPage_ = nullptr;
    ExportPage* exportPage_ = nullptr;
    TunePage* tunePage_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QLabel* status_ = nullptr;
};
