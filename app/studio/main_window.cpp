#include "main_window.h"

#include "owq/demo_model.h"

#include <qcustomplot.h>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("OWQ Studio"));
    setWindowIcon(QIcon(":/icons/owq-studio.svg"));
    setAcceptDrops(true);
    buildUi();

    service_ = new ModelService;
    service_->moveToThread(&worker_);
    connect(&worker_, &QThread::finished, service_, &QObject::deleteLater);
    connect(this, &MainWindow::requestOpen, service_, &ModelService::openModel);
    connect(this, &MainWindow::requestDemo, service_, &ModelService::makeDemoModel);
    connect(this, &MainWindow::requestGenerate, service_, &ModelService::generate);
    connect(service_, &ModelService::busy, this, [this](const QString& what) { status_->setText(what); });
    connect(service_, &ModelService::progress, this,
            [this](const QString& stage, qint64 done, qint64 total, const QString& message) {
                progress_->setRange(0, total > 0 ? int(total) : 0);
                progress_->setValue(int(done));
                status_->setText(stage + ": " + message);
            });
    connect(service_, &ModelService::modelOpened, this, [this](const ModelSummary& s) {
        haveModel_ = true;
        showSummary(s);
        setBusy(false, tr("Loaded %1 in %2 s").arg(s.path).arg(s.loadSeconds, 0, 'f', 2));
    });
    connect(service_, &ModelService::demoModelReady, this, [this](const QString& dir) {
        setBusy(false);
        openModel(dir);
    });
    connect(service_, &ModelService::tokenText, this, [this](const QString& text) {
        output_->moveCursor(QTextCursor::End);
        output_->insertPlainText(text);
    });
    connect(service_, &ModelService::generationFinished, this,
            [this](int tokens, double tps, const QString& why) {
                setBusy(false,
                        tr("%1 tokens, %2 tokens/s (stopped: %3)").arg(tokens).arg(tps, 0, 'f', 1).arg(why));
            });
    connect(service_, &ModelService::failed, this, [this](const QString& message) {
        setBusy(false, tr("Failed"));
        QMessageBox::warning(this, tr("OWQ Studio"), message);
    });
    worker_.start();

    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
}

MainWindow::~MainWindow() {
    service_->cancel();
    worker_.quit();
    worker_.wait();
}

void MainWindow::buildUi() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Model Folder..."), this, &MainWindow::chooseFolder);
    open->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open &Demo Model"), this, &MainWindow::openDemoModel);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto* infoBox = new QGroupBox(tr("Model"));
    auto* infoLayout = new QVBoxLayout(infoBox);
    info_ = new QFormLayout;
    info_->addRow(new QLabel(tr("Open a model folder (File > Open, or drop it here), or the demo model.")));
    infoLayout->addLayout(info_);
    paramPlot_ = new QCustomPlot;
    paramPlot_->setObjectName("paramPlot");
    paramPlot_->setMinimumHeight(180);
    paramPlot_->setVisible(false);
    infoLayout->addWidget(paramPlot_, 1);

    auto* genBox = new QGroupBox(tr("Generate"));
    auto* genLayout = new QVBoxLayout(genBox);
    prompt_ = new QPlainTextEdit;
    prompt_->setPlaceholderText(tr("Prompt (empty: start from the beginning-of-text token)"));
    prompt_->setObjectName("prompt");
    prompt_->setMaximumHeight(80);
    prompt_->setPlainText(QStringLiteral("Once upon a time"));
    genLayout->addWidget(prompt_);
    auto* row = new QHBoxLayout;
    temperature_ = new QDoubleSpinBox;
    temperature_->setRange(0.0, 2.0);
    temperature_->setSingleStep(0.1);
    temperature_->setObjectName("temperature");
    temperature_->setValue(0.7);
    maxTokens_ = new QSpinBox;
    maxTokens_->setRange(1, 4096);
    maxTokens_->setObjectName("maxTokens");
    maxTokens_->setValue(200);
    seed_ = new QSpinBox;
    seed_->setRange(0, 1 << 30);
    row->addWidget(new QLabel(tr("Temperature")));
    row->addWidget(temperature_);
    row->addWidget(new QLabel(tr("Max tokens")));
    row->addWidget(maxTokens_);
    row->addWidget(new QLabel(tr("Seed")));
    row->addWidget(seed_);
    row->addStretch(1);
    generate_ = new QPushButton(tr("&Generate"));
    generate_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    stop_ = new QPushButton(tr("&Stop"));
    generate_->setObjectName("generate");
    stop_->setObjectName("stop");
    stop_->setEnabled(false);
    generate_->setEnabled(false);
    row->addWidget(generate_);
    row->addWidget(stop_);
    genLayout->addLayout(row);
    output_ = new QPlainTextEdit;
    output_->setObjectName("output");
    output_->setReadOnly(true);
    genLayout->addWidget(output_, 1);
    connect(generate_, &QPushButton::clicked, this, &MainWindow::startGeneration);
    connect(stop_, &QPushButton::clicked, this, [this] { service_->cancel(); });

    auto* split = new QSplitter;
    split->addWidget(infoBox);
    split->addWidget(genBox);
    split->setStretchFactor(1, 1);
    setCentralWidget(split);

    progress_ = new QProgressBar;
    progress_->setMaximumWidth(200);
    progress_->setVisible(false);
    status_ = new QLabel(tr("Ready"));
    status_->setObjectName("status");
    statusBar()->addWidget(status_, 1);
    statusBar()->addPermanentWidget(progress_);
    resize(1100, 700);
}

void MainWindow::setBusy(bool busy, const QString& what) {
    busy_ = busy;
    progress_->setVisible(busy);
    generate_->setEnabled(!busy && haveModel_);
    stop_->setEnabled(busy);
    if (!what.isEmpty()) status_->setText(what);
    if (!busy) emit idle();
}

void MainWindow::chooseFolder() {
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Model Folder"),
                                                          settings.value("recent/lastDir").toString());
    if (!dir.isEmpty()) openModel(dir);
}

void MainWindow::openModel(const QString& dir) {
    if (busy_) return;
    QSettings().setValue("recent/lastDir", QFileInfo(dir).absolutePath());
    setBusy(true, tr("Loading %1").arg(dir));
    emit requestOpen(dir);
}

void MainWindow::openDemoModel() {
    if (busy_) return;
    const QString dir = QString::fromStdString(owq::defaultDemoModelDir());
    if (QFileInfo::exists(dir + "/config.json")) {
        openModel(dir);
        return;
    }
    setBusy(true, tr("Building the demo model (about two minutes)"));
    emit requestDemo(dir);
}

void MainWindow::startGeneration() {
    if (busy_ || !haveModel_) return;
    GenerationRequest r;
    r.prompt = prompt_->toPlainText();
    r.temperature = temperature_->value();
    r.maxTokens = maxTokens_->value();
    r.seed = quint64(seed_->value());
    output_->setPlainText(r.prompt);
    setBusy(true, tr("Generating"));
    emit requestGenerate(r);
}

void MainWindow::showSummary(const ModelSummary& s) {
    summary_ = s;
    while (info_->rowCount() > 0) info_->removeRow(0);
    const QLocale loc;
    info_->addRow(tr("Folder"), new QLabel(s.path));
    info_->addRow(tr("Architecture"), new QLabel(s.architecture));
    info_->addRow(tr("Parameters"), new QLabel(loc.toString(s.parameters)));
    info_->addRow(tr("Layers"), new QLabel(QString::number(s.layers)));
    info_->addRow(tr("Hidden size"), new QLabel(QString::number(s.hidden)));
    info_->addRow(tr("Heads (KV heads)"), new QLabel(QStringLiteral("%1 (%2)").arg(s.heads).arg(s.kvHeads)));
    info_->addRow(tr("Vocabulary"), new QLabel(loc.toString(s.vocab)));
    info_->addRow(tr("Context"), new QLabel(loc.toString(s.context)));
    info_->addRow(tr("Weights"),
                  new QLabel(tr("%1, %2 on disk").arg(s.dtype, loc.formattedDataSize(s.diskBytes))));
    info_->addRow(tr("Memory estimate"), new QLabel(loc.formattedDataSize(s.memoryEstimate)));
    info_->addRow(tr("Tokenizer"), new QLabel(s.tokenizer));
    plotParameters(s);
}

void MainWindow::plotParameters(const ModelSummary& s) {
    // Where the parameters live: embeddings (+ untied head), attention, MLP (norms and biases are
    // negligible).
    paramPlot_->clearPlottables();
    const double hd = double(s.headDim);
    const double attn = double(s.layers) * (2.0 * s.hidden * s.heads * hd + 2.0 * s.hidden * s.kvHeads * hd);
    const double mlp = double(s.layers) * 3.0 * double(s.hidden) * double(s.intermediate);
    const double embed = (s.tiedEmbeddings ? 1.0 : 2.0) * double(s.vocab) * double(s.hidden);
    auto* bars = new QCPBars(paramPlot_->xAxis, paramPlot_->yAxis);
    QVector<double> ticks{1, 2, 3};
    QVector<double> values{embed / 1e6, attn / 1e6, mlp / 1e6};
    bars->setData(ticks, values);
    bars->setBrush(QColor(70, 130, 180));
    auto labels = QSharedPointer<QCPAxisTickerText>::create();
    labels->addTick(1, s.tiedEmbeddings ? tr("Embeddings") : tr("Embeddings + head"));
    labels->addTick(2, tr("Attention"));
    labels->addTick(3, tr("MLP"));
    paramPlot_->xAxis->setTicker(labels);
    paramPlot_->xAxis->setRange(0.4, 3.6);
    paramPlot_->yAxis->setLabel(tr("Parameters (millions)"));
    paramPlot_->yAxis->setRange(0, *std::max_element(values.begin(), values.end()) * 1.15);
    paramPlot_->setVisible(true);
    paramPlot_->replot();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty()) return;
    QFileInfo fi(urls.first().toLocalFile());
    openModel(fi.isDir() ? fi.absoluteFilePath() : fi.absolutePath());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings().setValue("window/geometry", saveGeometry());
    service_->cancel();
    event->accept();
}
