#include "tune_page.h"

#include "button_shortcut.h"
#include "path_edit.h"
#include "persist_input.h"
#include "plot_theme.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTime>
#include <QVBoxLayout>

#include "owq/memory_estimate.h"

#include <cmath>

namespace {
QString clockText(qint64 ms) {
    return QTime(0, 0).addMSecs(ms).toString(ms >= 3600000 ? "hh:mm:ss" : "mm:ss");
}
QString bytesText(std::uint64_t bytes) {
    return QString::fromStdString(owq::formatBytes(bytes));
}
QSpinBox* spin(const char* name, int lo, int hi, int value) {
    auto* s = new QSpinBox;
    s->setObjectName(name);
    s->setRange(lo, hi);
    s->setValue(value);
    return s;
}
bool occupied(const QString& dir) {
    return QFileInfo::exists(dir) && (!QFileInfo(dir).isDir() || !QDir(dir).isEmpty());
}
} // namespace

TunePage::TunePage(const StudioContext& studio, QWidget* parent)
    : QWidget(parent), studio_(studio), service_(studio.tune) {
    auto* layout = new QHBoxLayout(this);
    // Many settings: they scroll, the run side keeps its height.
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* settingsWidget = new QWidget;
    auto* settings = new QVBoxLayout(settingsWidget);
    scroll->setWidget(settingsWidget);
    layout->addWidget(scroll, 2);

    auto* dataBox = new QGroupBox(tr("Model and data"));
    auto* dform = new QFormLayout(dataBox);
    model_ = new PathEdit(PathEdit::Folder, "tune/model", tr("Packed OWQ Model Folder"));
    model_->setObjectName("tuneModel");
    model_->setToolTip(tr("A packed OWQ folder; the packed model opened in the studio is filled in."));
    dform->addRow(tr("Packed model"), model_);
    data_ = new PathEdit(PathEdit::OpenFile, "tune/data", tr("Task Data"));
    data_->setObjectName("tuneData");
    data_->setToolTip(tr("Plain text, or JSONL with one {\"prompt\": ..., \"response\": ...} per line"));
    dform->addRow(tr("Task data"), data_);
    format_ = new QComboBox;
    format_->setObjectName("tuneFormat");
    format_->addItem(tr("By file name (.jsonl: prompt/response)"), int(owq::TuneDataFormat::Auto));
    format_->addItem(tr("Plain text"), int(owq::TuneDataFormat::Text));
    format_->addItem(tr("JSONL prompt/response"), int(owq::TuneDataFormat::Jsonl));
    dform->addRow(tr("Data format"), format_);
    eval_ = new PathEdit(PathEdit::OpenFile, "tune/eval", tr("Evaluation Data"));
    eval_->setObjectName("tuneEval");
    eval_->lineEdit()->setPlaceholderText(tr("optional: the last 10% of the task data"));
    dform->addRow(tr("Evaluation data"), eval_);
    settings->addWidget(dataBox);

    auto* optBox = new QGroupBox(tr("Optimisation (AdamW on the weak columns)"));
    auto* oform = new QFormLayout(optBox);
    steps_ = spin("tuneSteps", 1, 1000000, 100);
    oform->addRow(tr("Steps"), steps_);
    lr_ = new QDoubleSpinBox;
    lr_->setObjectName("tuneLr");
    lr_->setDecimals(6);
    lr_->setRange(1e-6, 1.0);
    lr_->setSingleStep(1e-4);
    lr_->setValue(1e-3);
    oform->addRow(tr("Learning rate"), lr_);
    warmup_ = spin("tuneWarmup", 0, 1000000, 0);
    oform->addRow(tr("Warm-up steps"), warmup_);
    schedule_ = new QComboBox;
    schedule_->setObjectName("tuneSchedule");
    schedule_->addItem(tr("Cosine"), int(owq::LrSchedule::Cosine));
    schedule_->addItem(tr("Linear"), int(owq::LrSchedule::Linear));
    schedule_->addItem(tr("Constant"), int(owq::LrSchedule::Constant));
    oform->addRow(tr("Decay"), schedule_);
    batch_ = spin("tuneBatch", 1, 4096, 8);
    oform->addRow(tr("Batch (sequences)"), batch_);
    seqlen_ = spin("tuneSeqlen", 8, 32768, 128);
    oform->addRow(tr("Sequence length"), seqlen_);
    accum_ = spin("tuneAccum", 1, 4096, 1);
    oform->addRow(tr("Accumulation (batches per step)"), accum_);
    clip_ = new QDoubleSpinBox;
    clip_->setObjectName("tuneClip");
    clip_->setRange(0, 1000);
    clip_->setValue(1.0);
    clip_->setSpecialValueText(tr("off"));
    oform->addRow(tr("Gradient clipping"), clip_);
    seed_ = spin("tuneSeed", 0, 1 << 30, 0);
    oform->addRow(tr("Seed"), seed_);
    extraWeak_ = spin("tuneExtraWeak", 0, 65536, 0);
    extraWeak_->setToolTip(tr("More trainable columns per linear (needs per-channel quantization)"));
    oform->addRow(tr("Extra weak columns"), extraWeak_);
    settings->addWidget(optBox);

    auto* runBox = new QGroupBox(tr("Evaluation, checkpoints and output"));
    auto* rform = new QFormLayout(runBox);
    evalEvery_ = spin("tuneEvalEvery", 0, 1000000, 10);
    evalEvery_->setSpecialValueText(tr("first and last step only"));
    rform->addRow(tr("Evaluate every"), evalEvery_);
    saveEvery_ = spin("tuneSaveEvery", 0, 1000000, 0);
    saveEvery_->setSpecialValueText(tr("no checkpoints"));
    saveEvery_->setToolTip(tr("Checkpoints go to the output folder's name + .checkpoints"));
    rform->addRow(tr("Checkpoint every"), saveEvery_);
    resume_ = new PathEdit(PathEdit::Folder, "tune/resume", tr("Checkpoint Folder"));
    resume_->setObjectName("tuneResume");
    resume_->setPath({});
    resume_->lineEdit()->setPlaceholderText(tr("optional: a checkpoint folder to continue from"));
    rform->addRow(tr("Resume from"), resume_);
    out_ = new PathEdit(PathEdit::Folder, "tune/out", tr("Output Folder"));
    out_->setObjectName("tuneOut");
    out_->lineEdit()->setPlaceholderText(tr("a new or empty folder"));
    rform->addRow(tr("Output folder"), out_);
    loraOut_ = new PathEdit(PathEdit::Folder, "tune/lora", tr("LoRA Adapter Folder"));
    loraOut_->setObjectName("tuneLoraOut");
    loraOut_->lineEdit()->setPlaceholderText(tr("optional: also export GPTQ + LoRA adapter here"));
    rform->addRow(tr("LoRA adapter output"), loraOut_);
    settings->addWidget(runBox);
    settings->addStretch(1);

    auto* right = new QVBoxLayout;
    layout->addLayout(right, 3);
    auto* memBox = new QGroupBox(tr("Before running (computed by core)"));
    auto* memLayout = new QVBoxLayout(memBox);
    params_ = new QLabel(tr("Choose a packed model to see what tuning it trains and needs."));
    params_->setObjectName("tuneParams");
    params_->setWordWrap(true);
    memLayout->addWidget(params_);
    memory_ = new QTableWidget(0, 2);
    memory_->setObjectName("tuneMemory");
    memory_->setHorizontalHeaderLabels({tr("Trainable parameters"), tr("Peak memory")});
    memory_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    memory_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    memory_->setMaximumHeight(150);
    memLayout->addWidget(memory_);
    right->addWidget(memBox);

    auto* buttons = new QHBoxLayout;
    run_ = new QPushButton(tr("&Tune"));
    run_->setObjectName("runTune");
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setObjectName("cancelTune");
    cancel_->setEnabled(false);
    buttons->addWidget(run_);
    buttons->addWidget(cancel_);
    buttons->addStretch(1);
    right->addLayout(buttons);
    addButtonShortcut(run_, QKeySequence(Qt::CTRL | Qt::Key_R), tr("Tune the weak columns"));
    stage_ = new QLabel(tr("Idle"));
    stage_->setObjectName("tuneStage");
    right->addWidget(stage_);
    progress_ = new QProgressBar;
    progress_->setObjectName("tuneProgress");
    progress_->setValue(0);
    right->addWidget(progress_);
    times_ = new QLabel;
    times_->setObjectName("tuneTimes");
    right->addWidget(times_);

    auto* split = new QSplitter(Qt::Vertical);
    chart_ = new QCustomPlot;
    chart_->setObjectName("tuneChart");
    chart_->setMinimumHeight(220);
    chart_->addGraph()->setName(tr("training loss"));
    chart_->addGraph()->setName(tr("evaluation loss"));
    chart_->xAxis->setLabel(tr("Step"));
    chart_->yAxis->setLabel(tr("Cross-entropy (nats/token)"));
    chart_->legend->setVisible(true);
    chart_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    // Light or dark like the other charts: the series take the scheme's colours on every palette change.
    plot_theme::followPalette(chart_, [this] {
        const QColor train = plot_theme::seriesColor(plot_theme::Blue, chart_->palette());
        const QColor held = plot_theme::seriesColor(plot_theme::Red, chart_->palette());
        chart_->graph(0)->setPen(QPen(train, 1.5));
        chart_->graph(1)->setPen(QPen(held, 1.5));
        chart_->graph(1)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, held, 7));
    });
    split->addWidget(chart_);
    log_ = new QPlainTextEdit;
    log_->setObjectName("tuneLog");
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);
    split->addWidget(log_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    right->addWidget(split, 1);
    summary_ = new QLabel;
    summary_->setObjectName("tuneSummary");
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    right->addWidget(summary_);
    open_ = new QPushButton(tr("Open the Tuned Model"));
    open_->setObjectName("openTuned");
    open_->setEnabled(false);
    right->addWidget(open_, 0, Qt::AlignLeft);

    // The estimate follows the settings it depends on, once they stop changing.
    estimateTimer_.setSingleShot(true);
    estimateTimer_.setInterval(250);
    connect(&estimateTimer_, &QTimer::timeout, this, &TunePage::requestEstimate);
    auto later = [this] { estimateTimer_.start(); };
    connect(model_, &PathEdit::pathChanged, this, later);
    for (QSpinBox* s : {batch_, seqlen_, extraWeak_}) connect(s, &QSpinBox::valueChanged, this, later);
    connect(service_, &TuneService::estimated, this, &TunePage::showEstimate);
    connect(service_, &TuneService::estimateFailed, this, [this](int tag, const QString& message) {
        if (tag != estimateTag_) return;
        memory_->setRowCount(0);
        params_->setText(tr("No estimate: %1").arg(message));
    });

    connect(run_, &QPushButton::clicked, this, &TunePage::run);
    connect(cancel_, &QPushButton::clicked, this, &TunePage::cancel);
    connect(open_, &QPushButton::clicked, this, [this] {
        if (!lastOutput_.isEmpty()) emit openRequested(lastOutput_);
    });
    connect(studio_.model, &ModelService::modelOpened, this, [this](const ModelSummary& s) {
        if (s.config.quantization.packed && !running_) model_->setPath(s.path);
    });
    connect(service_, &TuneService::step, this, &TunePage::addStep);
    connect(service_, &TuneService::log, this, &TunePage::log);
    connect(service_, &TuneService::tuned, this, [this](const TuneResultPtr& r) { result_ = r; });
    connect(service_->job(), &JobBridge::progress, this, &TunePage::onProgress);
    connect(studio_.busy, &BusyState::jobEnded, this,
            [this](JobBridge* job, bool ok, bool cancelled, const QString& message) {
                if (running_ && job == service_->job()) finished(ok, cancelled, message);
            });
    connect(studio_.busy, &BusyState::changed, this,
            [this](bool busy) { run_->setEnabled(!busy && !running_); });
    tick_.setInterval(1000);
    connect(&tick_, &QTimer::timeout, this, &TunePage::updateTimes);
    // The settings come back in the next session, like the other pages' (paths persist through PathEdit).
    persistInput(format_, "tune/format");
    persistInput(steps_, "tune/steps");
    persistInput(lr_, "tune/lr");
    persistInput(warmup_, "tune/warmup");
    persistInput(schedule_, "tune/schedule");
    persistInput(batch_, "tune/batch");
    persistInput(seqlen_, "tune/seqlen");
    persistInput(accum_, "tune/accum");
    persistInput(clip_, "tune/clip");
    persistInput(seed_, "tune/seed");
    persistInput(extraWeak_, "tune/extraWeak");
    persistInput(evalEvery_, "tune/evalEvery");
    persistInput(saveEvery_, "tune/saveEvery");
    clearChart();
    estimateTimer_.start();
}

owq::TuneOptions TunePage::options() const {
    owq::TuneOptions o;
    o.dataFile = data_->path().toStdString();
    o.evalFile = eval_->path().toStdString();
    o.format = owq::TuneDataFormat(format_->currentData().toInt());
    o.steps = steps_->value();
    o.lr = lr_->value();
    o.warmup = warmup_->value();
    o.schedule = owq::LrSchedule(schedule_->currentData().toInt());
    o.batch = batch_->value();
    o.seqlen = seqlen_->value();
    o.accum = accum_->value();
    o.clip = clip_->value();
    o.seed = std::uint64_t(seed_->value());
    o.extraWeak = extraWeak_->value();
    o.evalEvery = evalEvery_->value();
    o.saveEvery = saveEvery_->value();
    // Where the CLI puts them too, so `owq tune --resume` and this page find the same folders.
    if (o.saveEvery > 0 && !out_->path().isEmpty())
        o.checkpointDir = QFileInfo(out_->path()).absoluteFilePath().toStdString() + ".checkpoints";
    o.resumeFrom = resume_->path().toStdString();
    return o;
}

void TunePage::requestEstimate() {
    const QString dir = model_->path();
    ++estimateTag_;
    if (dir.isEmpty() || !QFileInfo::exists(dir + "/config.json")) {
        memory_->setRowCount(0);
        params_->setText(tr("Choose a packed model to see what tuning it trains and needs."));
        return;
    }
    params_->setText(tr("Computing..."));
    const owq::TuneOptions o = options();
    const int tag = estimateTag_;
    TuneService* service = service_;
    post(service, [service, dir, o, tag] { service->estimate(dir, o, tag); });
}

void TunePage::showEstimate(int tag, const owq::TuneMemoryEstimate& m) {
    if (tag != estimateTag_) return; // an answer to settings that have changed since
    const QLocale locale;
    const double share =
        m.modelParameters > 0 ? 100.0 * double(m.trainableParameters) / double(m.modelParameters) : 0;
    params_->setText(tr("Weak column tuning trains %1 of the model's %2 parameters (%3%); a LoRA on every "
                        "decoder linear with as many parameters has rank %4. Peak memory for a batch of "
                        "%5 x %6 tokens:")
                         .arg(locale.toString(qint64(m.trainableParameters)))
                         .arg(locale.toString(qint64(m.modelParameters)))
                         .arg(share, 0, 'f', 3)
                         .arg(m.loraRank, 0, 'f', 2)
                         .arg(batch_->value())
                         .arg(seqlen_->value()));
    struct Row {
        QString method;
        qint64 trainable;
        std::uint64_t bytes;
    };
    const QList<Row> rows{
        {tr("Weak column tuning"), m.trainableParameters, m.wctBytes},
        {tr("LoRA of equal size, packed base"), m.trainableParameters, m.loraPackedBytes},
        {tr("LoRA of equal size, fp16 base"), m.trainableParameters, m.loraFp16Bytes},
        {tr("Full fine-tuning (float32)"), m.modelParameters, m.fullBytes},
    };
    memory_->setRowCount(int(rows.size()));
    QStringList names;
    for (int i = 0; i < rows.size(); ++i) {
        names << rows[i].method;
        memory_->setItem(i, 0, new QTableWidgetItem(locale.toString(rows[i].trainable)));
        memory_->setItem(i, 1, new QTableWidgetItem(bytesText(rows[i].bytes)));
    }
    memory_->setVerticalHeaderLabels(names);
}

void TunePage::refuse(const QString& message) {
    log(message);
    QMessageBox::warning(this, tr("Tune"), message);
}

bool TunePage::run() {
    if (running_) return false;
    const QString model = model_->path();
    if (model.isEmpty() || !QFileInfo::exists(model + "/config.json")) {
        refuse(tr("Choose a packed OWQ model folder first (open one in the Model page, or browse)."));
        return false;
    }
    if (data_->path().isEmpty()) {
        refuse(tr("Choose a task data file first."));
        return false;
    }
    if (out_->path().isEmpty()) {
        refuse(tr("Choose an output folder first."));
        return false;
    }
    const QString out = QFileInfo(out_->path()).absoluteFilePath();
    const QString lora =
        loraOut_->path().isEmpty() ? QString() : QFileInfo(loraOut_->path()).absoluteFilePath();
    // Never replaced: a tuned model is cheap to make again, a folder lost is not.
    for (const QString& dir : {out, lora})
        if (!dir.isEmpty() && occupied(dir)) {
            refuse(tr("%1 already exists and is not empty; choose a new or empty folder.").arg(dir));
            return false;
        }
    if (!studio_.busy->begin(service_->job(), tr("Tuning %1").arg(model))) return false;
    TuneRequest request{model, out, lora, options()};
    outDir_ = out;
    loraDir_ = lora;
    lastOutput_.clear();
    result_.reset();
    log_->clear();
    summary_->clear();
    open_->setEnabled(false);
    clearChart();
    progress_->setRange(0, 0);
    progress_->setValue(0);
    done_ = total_ = 0;
    firstDone_ = -1;
    clock_.start();
    setRunning(true);
    stage_->setText(tr("Starting..."));
    TuneService* service = service_;
    post(service, [service, request] { service->tune(request); });
    return true;
}

void TunePage::cancel() {
    if (running_) studio_.busy->cancel();
}

void TunePage::setRunning(bool running) {
    running_ = running;
    cancel_->setEnabled(running);
    run_->setEnabled(!running && !studio_.busy->busy());
    if (running)
        tick_.start();
    else
        tick_.stop();
    updateTimes();
}

void TunePage::clearChart() {
    chart_->graph(0)->data()->clear();
    chart_->graph(1)->data()->clear();
    chart_->xAxis->setRange(0, std::max(1, steps_->value()));
    chart_->yAxis->setRange(0, 1);
    chart_->replot();
}

void TunePage::addStep(const owq::TuneStep& s) {
    if (!running_) return;
    if (s.step > 0) chart_->graph(0)->addData(s.step, s.loss);
    if (s.evalLoss) chart_->graph(1)->addData(s.step, *s.evalLoss);
    if (s.step == 0 && s.evalLoss)
        log(tr("Before tuning: eval loss %1 (perplexity %2)")
                .arg(*s.evalLoss, 0, 'f', 4)
                .arg(std::exp(*s.evalLoss), 0, 'f', 3));
    else if (s.evalLoss)
        log(tr("Step %1: loss %2, eval loss %3 (perplexity %4), learning rate %5")
                .arg(s.step)
                .arg(s.loss, 0, 'f', 4)
                .arg(*s.evalLoss, 0, 'f', 4)
                .arg(std::exp(*s.evalLoss), 0, 'f', 3)
                .arg(s.lr, 0, 'g', 3));
    chart_->xAxis->setRange(0, std::max<double>(steps_->value(), s.step));
    chart_->yAxis->rescale();
    chart_->yAxis->scaleRange(1.2, chart_->yAxis->range().center());
    // Queued: many steps a second redraw once per event-loop pass, not once each.
    chart_->replot(QCustomPlot::rpQueuedReplot);
}

void TunePage::onProgress(const QString& stage, qint64 done, qint64 total, const QString& message) {
    if (!running_) return;
    stage_->setText(message.isEmpty() ? stage : stage + ": " + message);
    if (stage != "tune") return;
    if (firstDone_ < 0) {
        firstDone_ = done;
        firstDoneMs_ = clock_.elapsed();
    }
    done_ = done;
    total_ = total;
    progress_->setRange(0, int(std::max<qint64>(total, 1)));
    progress_->setValue(int(done));
    updateTimes();
}

void TunePage::updateTimes() {
    if (!clock_.isValid()) return;
    const qint64 elapsed = clock_.elapsed();
    QString text = tr("Elapsed %1").arg(clockText(elapsed));
    // From the steps this run made (a resumed run starts part-way).
    if (running_ && firstDone_ >= 0 && done_ > firstDone_ && total_ > done_) {
        const double perStep = double(elapsed - firstDoneMs_) / double(done_ - firstDone_);
        text += tr(", about %1 remaining").arg(clockText(qint64(perStep * double(total_ - done_))));
    }
    times_->setText(text);
}

void TunePage::finished(bool ok, bool cancelled, const QString& message) {
    setRunning(false);
    if (ok && result_) {
        const owq::TuneResult& r = *result_;
        lastOutput_ = QString::fromStdString(r.out);
        progress_->setRange(0, 1);
        progress_->setValue(1);
        stage_->setText(tr("Finished in %1").arg(clockText(clock_.elapsed())));
        QString text = tr("Evaluation perplexity %1 before, %2 after (loss %3 -> %4); %5 steps in %6; "
                          "saved to %7.")
                           .arg(std::exp(r.initialEvalLoss), 0, 'f', 3)
                           .arg(std::exp(r.finalEvalLoss), 0, 'f', 3)
                           .arg(r.initialEvalLoss, 0, 'f', 4)
                           .arg(r.finalEvalLoss, 0, 'f', 4)
                           .arg(r.steps - r.startStep)
                           .arg(clockText(qint64(r.seconds * 1000)))
                           .arg(lastOutput_);
        if (!r.loraOut.empty())
            text += " " + tr("LoRA adapter (GPTQ + PEFT) in %1.").arg(QString::fromStdString(r.loraOut));
        summary_->setText(text);
        open_->setEnabled(true);
        return;
    }
    // A clean state: nothing half-written is shown or kept (core never leaves an output folder behind).
    progress_->setRange(0, 100);
    progress_->setValue(0);
    clearChart();
    summary_->clear();
    stage_->setText(cancelled ? tr("Cancelled") : tr("Failed"));
    log(cancelled ? tr("Cancelled; nothing was written to %1.").arg(outDir_) : tr("Failed: %1").arg(message));
    const QString checkpoints = QString::fromStdString(options().checkpointDir);
    if (!checkpoints.isEmpty() && QFileInfo::exists(checkpoints))
        log(tr("Checkpoints stay in %1: choose it under Resume from to continue.").arg(checkpoints));
}

void TunePage::log(const QString& line) {
    log_->appendPlainText(QTime::currentTime().toString("HH:mm:ss ") + line);
}
