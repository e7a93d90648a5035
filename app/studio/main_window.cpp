#include "main_window.h"

#include "chat_page.h"
#include "compare_page.h"
#include "export_page.h"
#include "inspect_page.h"
#include "model_page.h"
#include "quantize_page.h"
#include "settings_dialog.h"
#include "tune_page.h"

#include <QAction>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

namespace {
template <typename Service> Service* startService(QThread& thread) {
    auto* service = new Service;
    service->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, service, &QObject::deleteLater);
    thread.start();
    return service;
}
} // namespace

QStringList MainWindow::pageNames() {
    return {"model", "quantize", "inspect", "compare", "chat", "export", "tune"};
}

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    // The icons are compiled into the static owq_studio_lib: register them explicitly.
    Q_INIT_RESOURCE(resources);
    setWindowTitle(tr("OWQ Studio"));
    setWindowIcon(QIcon(":/icons/owq-studio.svg"));
    setAcceptDrops(true);

    busy_ = new BusyState(this);
    studio_.busy = busy_;
    studio_.model = startService<ModelService>(modelThread_);
    studio_.quant = startService<QuantService>(quantThread_);
    studio_.compare = startService<CompareService>(compareThread_);
    studio_.tune = startService<TuneService>(tuneThread_);
    for (JobBridge* job :
         {studio_.model->job(), studio_.quant->job(), studio_.compare->job(), studio_.tune->job()}) {
        busy_->track(job);
        connect(job, &JobBridge::progress, this,
                [this](const QString& stage, qint64 done, qint64 total, const QString& message) {
                    progress_->setRange(0, total > 0 ? int(total) : 0);
                    progress_->setValue(int(done));
                    status_->setText(message.isEmpty() ? stage : stage + ": " + message);
                });
    }

    modelPage_ = new ModelPage(studio_);
    quantizePage_ = new QuantizePage(studio_);
    inspectPage_ = new InspectPage(studio_);
    comparePage_ = new ComparePage(studio_);
    chatPage_ = new ChatPage(studio_);
    exportPage_ = new ExportPage(studio_);
    tunePage_ = new TunePage(studio_);
    connect(exportPage_, &ExportPage::openRequested, this, [this](const QString& dir) {
        showPage("model");
        openModel(dir);
    });
    connect(tunePage_, &TunePage::openRequested, this, [this](const QString& dir) {
        showPage("model");
        openModel(dir);
    });

    nav_ = new QListWidget;
    nav_->setObjectName("pages");
    nav_->setFixedWidth(150);
    nav_->setIconSize(QSize(20, 20));
    stack_ = new QStackedWidget;
    const QStringList titles{tr("Model"), tr("Quantize"), tr("Inspect"), tr("Compare"),
                             tr("Chat"),  tr("Export"),   tr("Tune")};
    const QList<QWidget*> pages{modelPage_, quantizePage_, inspectPage_, comparePage_,
                                chatPage_,  exportPage_,   tunePage_};
    for (int i = 0; i < pages.size(); ++i) {
        pages[i]->setObjectName(pageNames()[i] + "Page");
        auto* item = new QListWidgetItem(QIcon(":/icons/page-" + pageNames()[i] + ".svg"), titles[i]);
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(titles[i]).arg(i + 1));
        nav_->addItem(item);
        stack_->addWidget(pages[i]);
    }
    connect(nav_, &QListWidget::currentRowChanged, stack_, &QStackedWidget::setCurrentIndex);
    auto* central = new QWidget;
    auto* layout = new QHBoxLayout(central);
    layout->addWidget(nav_);
    layout->addWidget(stack_, 1);
    setCentralWidget(central);

    progress_ = new QProgressBar;
    progress_->setMaximumWidth(200);
    progress_->setVisible(false);
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setObjectName("cancelJob");
    cancel_->setToolTip(tr("Cancel the running job (Esc)"));
    cancel_->setVisible(false);
    status_ = new QLabel(tr("Ready"));
    status_->setObjectName("status");
    statusBar()->addWidget(status_, 1);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancel_);
    connect(cancel_, &QPushButton::clicked, busy_, &BusyState::cancel);
    connect(busy_, &BusyState::status, status_, &QLabel::setText);
    connect(busy_, &BusyState::changed, this, [this](bool busy) {
        progress_->setVisible(busy);
        cancel_->setVisible(busy);
        if (busy) progress_->setRange(0, 0);
    });
    connect(busy_, &BusyState::failed, this,
            [this](const QString& message) { QMessageBox::warning(this, tr("OWQ Studio"), message); });
    connect(busy_, &BusyState::idle, this, &MainWindow::idle);

    buildMenus();
    resize(1200, 760);
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    nav_->setCurrentRow(std::max(0, int(pageNames().indexOf(settings.value("window/page").toString()))));
}

MainWindow::~MainWindow() {
    busy_->cancel();
    for (QThread* t : {&modelThread_, &quantThread_, &compareThread_, &tuneThread_}) t->quit();
    for (QThread* t : {&modelThread_, &quantThread_, &compareThread_, &tuneThread_}) t->wait();
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Model Folder..."), modelPage_, &ModelPage::chooseFolder);
    open->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open &Demo Model"), this, &MainWindow::openDemoModel);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    // Quit has no binding on some platforms (offscreen, bare X11 without a desktop): Ctrl+Q there.
    quit->setShortcuts(QKeySequence::keyBindings(QKeySequence::Quit).isEmpty()
                           ? QList<QKeySequence>{QKeySequence(Qt::CTRL | Qt::Key_Q)}
                           : QKeySequence::keyBindings(QKeySequence::Quit));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < pageNames().size(); ++i) {
        QAction* a = view->addAction(nav_->item(i)->text(), this, [this, i] { nav_->setCurrentRow(i); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    QAction* settings = tools->addAction(tr("&Settings..."), this, &MainWindow::showSettings);
    settings->setMenuRole(QAction::PreferencesRole);
    // Preferences has no binding on some desktops (GNOME): Ctrl+, there.
    settings->setShortcuts(QKeySequence::keyBindings(QKeySequence::Preferences).isEmpty()
                               ? QList<QKeySequence>{QKeySequence(Qt::CTRL | Qt::Key_Comma)}
                               : QKeySequence::keyBindings(QKeySequence::Preferences));

    QMenu* job = menuBar()->addMenu(tr("&Job"));
    QAction* cancel = job->addAction(tr("&Cancel Running Job"), busy_, &BusyState::cancel);
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));
}

void MainWindow::showSettings() {
    SettingsDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted && dialog.languageChanged())
        status_->setText(tr("Language saved: restart OWQ Studio to use it."));
}

bool MainWindow::showPage(const QString& name) {
    const int i = int(pageNames().indexOf(name.toLower()));
    if (i < 0) return false;
    nav_->setCurrentRow(i);
    return true;
}

void MainWindow::openModel(const QString& dir) {
    modelPage_->openModel(dir);
}

void MainWindow::openDemoModel() {
    modelPage_->openDemoModel();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty()) return;
    QFileInfo fi(urls.first().toLocalFile());
    showPage("model");
    openModel(fi.isDir() ? fi.absoluteFilePath() : fi.absolutePath());
}

void MainWindow::saveSettings() {
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    settings.setValue("window/page", pageNames().value(nav_->currentRow()));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    busy_->cancel();
    event->accept();
}
