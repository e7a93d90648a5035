#include "model_page.h"

#include "plot_theme.h"

#include "owq/demo_model.h"

#include <qcustomplot.h>

#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

ModelPage::ModelPage(const StudioContext& studio, QWidget* parent) : QWidget(parent), studio_(studio) {
    auto* layout = new QHBoxLayout(this);

    auto* left = new QVBoxLayout;
    auto* open = new QPushButton(tr("Open Model Folder..."));
    open->setObjectName("openFolder");
    auto* demo = new QPushButton(tr("Open Demo Model"));
    demo->setObjectName("openDemo");
    left->addWidget(open);
    left->addWidget(demo);
    left->addWidget(new QLabel(tr("Recent models (double-click to open)")));
    recent_ = new QListWidget;
    recent_->setObjectName("recentModels");
    recent_->addItems(recentModels());
    left->addWidget(recent_, 1);
    layout->addLayout(left, 1);

    auto* infoBox = new QGroupBox(tr("Model"));
    auto* infoLayout = new QVBoxLayout(infoBox);
    info_ = new QFormLayout;
    info_->addRow(new QLabel(tr("Open a model folder (File > Open, or drop it here), or the demo model. "
                                "Packed OWQ folders open too.")));
    infoLayout->addLayout(info_);
    paramPlot_ = new QCustomPlot;
    paramPlot_->setObjectName("paramPlot");
    paramPlot_->setMinimumHeight(180);
    paramPlot_->setVisible(false);
    infoLayout->addWidget(paramPlot_, 1);
    // Light or dark with the system (plot_theme.h): the bars take the scheme's blue.
    plot_theme::followPalette(paramPlot_, [this] {
        for (int i = 0; i < paramPlot_->plottableCount(); ++i)
            if (auto* bars = qobject_cast<QCPBars*>(paramPlot_->plottable(i)))
                bars->setBrush(plot_theme::seriesColor(plot_theme::Blue, paramPlot_->palette()));
    });
    layout->addWidget(infoBox, 3);

    connect(open, &QPushButton::clicked, this, &ModelPage::chooseFolder);
    connect(demo, &QPushButton::clicked, this, &ModelPage::openDemoModel);
    connect(recent_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { openModel(item->text()); });
    connect(studio_.model, &ModelService::modelOpened, this, [this](const ModelSummary& s) {
        remember(s.path);
        showSummary(s);
        emit studio_.busy->status(tr("Loaded %1 in %2 s").arg(s.path).arg(s.loadSeconds, 0, 'f', 2));
    });
    connect(studio_.model, &ModelService::demoModelReady, this, [this](const QString& dir) {
        // The build job's ended() arrives right after this signal; open once the studio is idle again.
        QMetaObject::Connection* once = new QMetaObject::Connection;
        *once = connect(studio_.busy, &BusyState::idle, this, [this, dir, once] {
            disconnect(*once);
            delete once;
            openModel(dir);
        });
    });
}

QStringList ModelPage::recentModels() const {
    return QSettings().value("recent/models").toStringList();
}

void ModelPage::remember(const QString& dir) {
    QStringList list = recentModels();
    list.removeAll(dir);
    list.prepend(dir);
    while (list.size() > 10) list.removeLast();
    QSettings().setValue("recent/models", list);
    recent_->clear();
    recent_->addItems(list);
}

void ModelPage::chooseFolder() {
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Model Folder"),
                                                          settings.value("recent/lastDir").toString());
    if (!dir.isEmpty()) openModel(dir);
}

void ModelPage::openModel(const QString& dir) {
    if (!studio_.busy->begin(studio_.model->job(), tr("Loading %1").arg(dir))) return;
    QSettings().setValue("recent/lastDir", QFileInfo(dir).absolutePath());
    ModelService* service = studio_.model;
    post(service, [service, dir] { service->openModel(dir); });
}

void ModelPage::openDemoModel() {
    const QString dir = QString::fromStdString(owq::defaultDemoModelDir());
    if (QFileInfo::exists(dir + "/config.json")) {
        openModel(dir);
        return;
    }
    if (!studio_.busy->begin(studio_.model->job(), tr("Building the demo model (about two minutes)"))) return;
    ModelService* service = studio_.model;
    post(service, [service, dir] { service->makeDemoModel(dir); });
}

void ModelPage::showSummary(const ModelSummary& s) {
    while (info_->rowCount() > 0) info_->removeRow(0);
    const QLocale loc;
    auto label = [](const QString& text) {
        auto* l = new QLabel(text);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setWordWrap(true);
        return l;
    };
    info_->addRow(tr("Folder"), label(s.path));
    info_->addRow(tr("Architecture"), label(s.architecture));
    info_->addRow(tr("Family"), label(s.family));
    info_->addRow(tr("Linears per layer"), label(s.linears));
    info_->addRow(tr("Parameters"), label(loc.toString(s.parameters)));
    info_->addRow(tr("Layers"), label(QString::number(s.layers)));
    info_->addRow(tr("Hidden size"), label(QString::number(s.hidden)));
    info_->addRow(tr("Heads (KV heads)"), label(QStringLiteral("%1 (%2)").arg(s.heads).arg(s.kvHeads)));
    info_->addRow(tr("Vocabulary"), label(loc.toString(s.vocab)));
    info_->addRow(tr("Context"), label(loc.toString(s.context)));
    info_->addRow(tr("Weights"),
                  label(tr("%1, %2 on disk").arg(s.dtype, loc.formattedDataSize(s.diskBytes))));
    info_->addRow(tr("Quantization"), label(s.quantization.isEmpty() ? tr("none (float)") : s.quantization));
    info_->addRow(tr("Memory estimate"), label(loc.formattedDataSize(s.memoryEstimate)));
    info_->addRow(tr("Tokenizer"), label(tr("%1: %2").arg(s.tokenizerKind, s.tokenizer)));
    // Never a silent wrong prompt: when the model's own template cannot be rendered, say why.
    info_->addRow(tr("Chat template"),
                  label(s.chatFallback.isEmpty() ? s.chatFormat
                                                 : tr("%1 (the model's own template cannot be used: %2)")
                                                       .arg(s.chatFormat, s.chatFallback)));
    plotParameters(s);
}

void ModelPage::plotParameters(const ModelSummary& s) {
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
    bars->setBrush(plot_theme::seriesColor(plot_theme::Blue, paramPlot_->palette()));
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
