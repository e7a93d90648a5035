#include "quantize_page.h"

#include "allocation_choice.h"
#include "allocation_heatmap.h"
#include "button_shortcut.h"
#include "path_edit.h"
#include "persist_input.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QTableWidget>
#include <QTime>
#include <QVBoxLayout>

#include <cmath>

namespace {
QString clockText(qint64 ms) {
    return QTime(0, 0).addMSecs(ms).toString(ms >= 3600000 ? "hh:mm:ss" : "mm:ss");
}
} // namespace

QuantizePage::QuantizePage(const StudioContext& studio, QWidget* parent) : QWidget(parent), studio_(studio) {
    auto* layout = new QHBoxLayout(this);
    auto* settings = new QVBoxLayout;
    layout->addLayout(settings, 2);

    auto* methodBox = new QGroupBox(tr("Method and bit budget"));
    auto* form = new QFormLayout(methodBox);
    preset_ = new QComboBox;
    preset_->setObjectName("preset");
    preset_->addItems({tr("Custom"), tr("OWQ 3.01 bits (paper)"), tr("OWQ 4.01 bits (paper)")});
    form->addRow(tr("Preset"), preset_);
    method_ = new QComboBox;
    method_->setObjectName("method");
    method_->addItem(tr("OWQ (weak columns in fp16)"), int(owq::Method::OWQ));
    method_->addItem(tr("OPTQ / GPTQ"), int(owq::Method::GPTQ));
    method_->addItem(tr("RTN (round to nearest)"), int(owq::Method::RTN));
    form->addRow(tr("Method"), method_);
    bits_ = new QComboBox;
    bits_->setObjectName("baseBits");
    bits_->addItems({"2", "3", "4"});
    bits_->setCurrentIndex(1);
    form->addRow(tr("Base bits"), bits_);
    budgetMode_ = new QComboBox;
    budgetMode_->setObjectName("budgetMode");
    budgetMode_->addItems({tr("Target bits"), tr("Weak columns per linear")});
    form->addRow(tr("Budget"), budgetMode_);
    allocation_ = new QComboBox;
    allocation_->setObjectName("allocation");
    addAllocationChoices(allocation_);
    allocation_->setToolTip(tr("Sensitivity spends the bits the reference rule would spend on weak columns "
                               "across all linears by their measured sensitivity (a float pass over the "
                               "calibration windows before quantizing); mixed precision also chooses each "
                               "linear's base bit width under the same total"));
    form->addRow(tr("Allocation"), allocation_);
    auto* targetRow = new QHBoxLayout;
    targetSlider_ = new QSlider(Qt::Horizontal);
    targetSlider_->setObjectName("targetSlider");
    target_ = new QDoubleSpinBox;
    target_->setObjectName("targetBits");
    target_->setDecimals(2);
    target_->setSingleStep(0.01);
    targetRow->addWidget(targetSlider_, 1);
    targetRow->addWidget(target_);
    form->addRow(tr("Target bits"), targetRow);
    weak_ = new QSpinBox;
    weak_->setObjectName("weakColumns");
    weak_->setRange(0, 65536);
    form->addRow(tr("Weak columns"), weak_);
    settings->addWidget(methodBox);

    auto* planBox = new QGroupBox(tr("Plan (before running)"));
    auto* planLayout = new QVBoxLayout(planBox);
    plan_ = new QTableWidget(0, 3);
    plan_->setObjectName("planTable");
    plan_->setHorizontalHeaderLabels({tr("Linear"), tr("Input features"), tr("Weak columns")});
    plan_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    plan_->verticalHeader()->setVisible(false);
    plan_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    planLayout->addWidget(plan_);
    planPlot_ = new QCustomPlot;
    planPlot_->setObjectName("planHeatmap");
    planPlot_->setMinimumHeight(160);
    heatmap_ = std::make_shared<AllocationHeatmap>(planPlot_);
    planLayout->addWidget(planPlot_, 1);
    achieved_ = new QLabel(tr("Open a model to see the plan."));
    achieved_->setObjectName("achievedBits");
    achieved_->setWordWrap(true);
    planLayout->addWidget(achieved_);
    settings->addWidget(planBox, 1);

    auto* quantBox = new QGroupBox(tr("Quantizer and calibration"));
    auto* qform = new QFormLayout(quantBox);
    groupSize_ = new QSpinBox;
    groupSize_->setObjectName("groupSize");
    groupSize_->setRange(0, 4096);
    groupSize_->setSingleStep(32);
    groupSize_->setSpecialValueText(tr("per output channel"));
    qform->addRow(tr("Group size"), groupSize_);
    actOrder_ = new QCheckBox(tr("Process columns by decreasing Hessian diagonal"));
    actOrder_->setObjectName("actOrder");
    qform->addRow(tr("Act-order"), actOrder_);
    clipSearch_ = new QCheckBox(tr("Also try each grid's range shrunk to 95-80%, keep the best per row"));
    clipSearch_->setObjectName("clipSearch");
    clipSearch_->setToolTip(
        tr("Solves every linear five times and keeps, for each output row, the solve with "
           "the least layer error on the calibration data. Five times the solve time; "
           "helps most at 2 and 3 bits."));
    qform->addRow(tr("Clip search"), clipSearch_);
    scale_ = new QComboBox;
    scale_->setObjectName("scaleSearch");
    scale_->addItems({tr("MSE grid search"), tr("Min-max")});
    qform->addRow(tr("Scale search"), scale_);
    head_ = new QComboBox;
    head_->setObjectName("headFormat");
    head_->addItem(tr("As the model stores it"), int(owq::HeadFormat::Source));
    head_->addItem(tr("float32"), int(owq::HeadFormat::F32));
    head_->addItem(tr("bfloat16 (half the bytes)"), int(owq::HeadFormat::BF16));
    head_->addItem(tr("int8 per row (a quarter of the bytes, format version 2)"), int(owq::HeadFormat::Int8));
    head_->setToolTip(tr("How the packed model keeps the LM head (the embedding too when they are tied). "
                         "Decoding reads the whole head for every token, so a cheaper head decodes faster."));
    qform->addRow(tr("LM head"), head_);
    calib_ = new PathEdit(PathEdit::OpenFile, "quantize/calibration", tr("Calibration Text"));
    calib_->setObjectName("calibFile");
    qform->addRow(tr("Calibration file"), calib_);
    nsamples_ = new QSpinBox;
    nsamples_->setObjectName("nsamples");
    nsamples_->setRange(1, 4096);
    nsamples_->setValue(128);
    qform->addRow(tr("Samples"), nsamples_);
    seqlen_ = new QSpinBox;
    seqlen_->setObjectName("seqlen");
    seqlen_->setRange(0, 32768);
    seqlen_->setSpecialValueText(tr("default: min(2048, context)"));
    qform->addRow(tr("Sequence length"), seqlen_);
    seed_ = new QSpinBox;
    seed_->setObjectName("seed");
    seed_->setRange(0, 1 << 30);
    qform->addRow(tr("Seed"), seed_);
    sampling_ = new QComboBox;
    sampling_->setObjectName("sampling");
    sampling_->addItem(tr("Uniform"), int(owq::CalibrationSampling::Uniform));
    sampling_->addItem(tr("Reference (official OWQ code)"), int(owq::CalibrationSampling::Reference));
    sampling_->setToolTip(tr("How calibration windows are drawn: uniformly, or exactly as the official OWQ "
                             "code draws them (Python's random with the same seed)"));
    qform->addRow(tr("Window sampling"), sampling_);
    settings->addWidget(quantBox);

    auto* runBox = new QVBoxLayout;
    layout->addLayout(runBox, 3);
    auto* buttons = new QHBoxLayout;
    run_ = new QPushButton(tr("&Quantize"));
    run_->setObjectName("runQuantize");
    addButtonShortcut(run_, QKeySequence(Qt::CTRL | Qt::Key_R), tr("Quantize the open model"));
    run_->setEnabled(false);
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setObjectName("cancelQuantize");
    cancel_->setEnabled(false);
    buttons->addWidget(run_);
    buttons->addWidget(cancel_);
    buttons->addStretch(1);
    runBox->addLayout(buttons);
    stage_ = new QLabel(tr("Idle"));
    stage_->setObjectName("quantStage");
    runBox->addWidget(stage_);
    runBox->addWidget(new QLabel(tr("Decoder layer")));
    layerProgress_ = new QProgressBar;
    layerProgress_->setObjectName("layerProgress");
    layerProgress_->setValue(0);
    runBox->addWidget(layerProgress_);
    runBox->addWidget(new QLabel(tr("Overall")));
    overall_ = new QProgressBar;
    overall_->setObjectName("overallProgress");
    overall_->setValue(0);
    runBox->addWidget(overall_);
    times_ = new QLabel;
    times_->setObjectName("quantTimes");
    runBox->addWidget(times_);
    log_ = new QPlainTextEdit;
    log_->setObjectName("quantLog");
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);
    runBox->addWidget(log_, 1);
    result_ = new QLabel;
    result_->setObjectName("quantResult");
    result_->setWordWrap(true);
    runBox->addWidget(result_);

    // Target bits: slider in hundredths of a bit, kept in sync with the spin box.
    connect(targetSlider_, &QSlider::valueChanged, this, [this](int v) {
        if (std::lround(target_->value() * 100) != v) target_->setValue(v / 100.0);
    });
    connect(target_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (targetSlider_->value() != std::lround(v * 100))
            targetSlider_->setValue(int(std::lround(v * 100)));
        updatePlan();
    });
    connect(bits_, &QComboBox::currentIndexChanged, this, [this] {
        const int b = bits_->currentText().toInt();
        const double offset = target_->value() - std::floor(target_->value());
        targetSlider_->setRange(b * 100, b * 100 + 100);
        target_->setRange(b, b + 1);
        target_->setValue(b + offset);
        updatePlan();
    });
    connect(method_, &QComboBox::currentIndexChanged, this, &QuantizePage::methodChanged);
    connect(budgetMode_, &QComboBox::currentIndexChanged, this, &QuantizePage::methodChanged);
    connect(allocation_, &QComboBox::currentIndexChanged, this, &QuantizePage::updatePlan);
    connect(weak_, &QSpinBox::valueChanged, this, &QuantizePage::updatePlan);
    connect(groupSize_, &QSpinBox::valueChanged, this, &QuantizePage::updatePlan);
    connect(preset_, &QComboBox::activated, this, &QuantizePage::applyPreset);
    connect(run_, &QPushButton::clicked, this, &QuantizePage::run);
    connect(cancel_, &QPushButton::clicked, this, &QuantizePage::cancel);

    connect(studio_.model, &ModelService::modelOpened, this, &QuantizePage::setModel);
    connect(studio_.quant->job(), &JobBridge::progress, this, &QuantizePage::onProgress);
    connect(studio_.quant, &QuantService::log, this, &QuantizePage::log);
    connect(studio_.quant, &QuantService::quantized, this, [this](const QuantReportPtr& r) {
        haveResult_ = true;
        result_->setText(
            tr("Quantized: %1 bits/weight achieved, %2 weak columns in all, %3 s. See Inspect and "
               "Export.")
                .arg(r->averageBits, 0, 'f', 4)
                .arg(r->weakColumnsTotal)
                .arg(r->seconds, 0, 'f', 1));
        heatmap_->showReport(*r); // the counts the run used (sensitivity: known only now)
    });
    connect(studio_.quant, &QuantService::cleared, this, [this] { haveResult_ = false; });
    connect(studio_.busy, &BusyState::jobEnded, this,
            [this](JobBridge* job, bool ok, bool cancelled, const QString& msg) {
                if (!running_ || job != studio_.quant->job()) return;
                setRunning(false);
                if (ok) {
                    overall_->setValue(overall_->maximum());
                    stage_->setText(tr("Finished in %1").arg(clockText(clock_.elapsed())));
                } else {
                    // A clean state: no partial result, bars back to zero.
                    overall_->setRange(0, 100);
                    overall_->setValue(0);
                    layerProgress_->setValue(0);
                    stage_->setText(cancelled ? tr("Cancelled") : tr("Failed"));
                    result_->clear();
                    log(cancelled ? tr("Cancelled; no quantized model is kept.") : tr("Failed: %1").arg(msg));
                }
            });
    connect(studio_.busy, &BusyState::changed, this,
            [this](bool busy) { run_->setEnabled(!busy && haveModel_); });
    tick_.setInterval(1000);
    connect(&tick_, &QTimer::timeout, this, &QuantizePage::updateTimes);

    targetSlider_->setRange(300, 400);
    target_->setRange(3, 4);
    target_->setValue(3.1);
    methodChanged();
    // The last session's choices, in dependency order: the method (which resets the scale search), the bits
    // (which move the target's range) before the target.
    persistInput(method_, "quantize/method");
    persistInput(budgetMode_, "quantize/budgetMode");
    persistInput(allocation_, "quantize/allocation");
    persistInput(bits_, "quantize/bits");
    persistInput(target_, "quantize/targetBits");
    persistInput(weak_, "quantize/weakColumns");
    persistInput(groupSize_, "quantize/groupSize");
    persistInput(actOrder_, "quantize/actOrder");
    persistInput(clipSearch_, "quantize/clipSearch");
    persistInput(scale_, "quantize/scaleSearch");
    persistInput(nsamples_, "quantize/nsamples");
    persistInput(seqlen_, "quantize/seqlen");
    persistInput(seed_, "quantize/seed");
    persistInput(sampling_, "quantize/sampling");
    persistInput(head_, "quantize/head");
}

void QuantizePage::applyPreset(int preset) {
    if (preset == 0) return;
    method_->setCurrentIndex(0);
    budgetMode_->setCurrentIndex(0);
    bits_->setCurrentIndex(preset == 1 ? 1 : 2);
    target_->setValue(preset == 1 ? 3.01 : 4.01);
    groupSize_->setValue(0);
    actOrder_->setChecked(false);
    clipSearch_->setChecked(false);
    scale_->setCurrentIndex(0);
    preset_->setCurrentIndex(preset);
}

void QuantizePage::methodChanged() {
    const auto m = owq::Method(method_->currentData().toInt());
    const bool owqMethod = m == owq::Method::OWQ;
    budgetMode_->setEnabled(owqMethod);
    allocation_->setEnabled(owqMethod);
    const bool byTarget = budgetMode_->currentIndex() == 0;
    targetSlider_->setEnabled(owqMethod && byTarget);
    target_->setEnabled(owqMethod && byTarget);
    weak_->setEnabled(owqMethod && !byTarget);
    // Each method's reference default: OWQ searches the scale (mse), OPTQ and RTN use min-max.
    scale_->setCurrentIndex(owqMethod ? 0 : 1);
    actOrder_->setEnabled(m != owq::Method::RTN);
    clipSearch_->setEnabled(m != owq::Method::RTN); // it chooses among GPTQ solves
    updatePlan();
}

owq::QuantRecipe QuantizePage::recipe() const {
    const auto m = owq::Method(method_->currentData().toInt());
    owq::QuantRecipe r = owq::QuantRecipe::defaults(m, bits_->currentText().toInt());
    r.quantizer.groupSize = groupSize_->value();
    r.quantizer.mse = scale_->currentIndex() == 0;
    r.gptq.actOrder = m != owq::Method::RTN && actOrder_->isChecked();
    r.gptq.clipSearch = m != owq::Method::RTN && clipSearch_->isChecked();
    r.targetBits = 0;
    r.weakColumns = 0;
    if (m == owq::Method::OWQ) {
        if (budgetMode_->currentIndex() == 0)
            r.targetBits = target_->value();
        else
            r.weakColumns = weak_->value();
        applyAllocationChoice(allocation_, r);
    }
    r.nsamples = nsamples_->value();
    r.seqlen = seqlen_->value();
    r.seed = quint64(seed_->value());
    r.sampling = owq::CalibrationSampling(sampling_->currentData().toInt());
    r.head = owq::HeadFormat(head_->currentData().toInt());
    return r;
}

void QuantizePage::setModel(const ModelSummary& s) {
    model_ = s;
    haveModel_ = s.quantization.isEmpty();
    run_->setEnabled(haveModel_ && !studio_.busy->busy());
    if (!haveModel_) {
        plan_->setRowCount(0);
        achieved_->setText(
            tr("%1 is already quantized; open a float checkpoint to quantize it.").arg(s.path));
        return;
    }
    updatePlan();
}

void QuantizePage::updatePlan() {
    if (!haveModel_) return;
    const owq::QuantRecipe r = recipe();
    const owq::ModelConfig& c = model_.config;
    std::map<std::string, int> plan;
    double bits = 0;
    try {
        plan = owq::weakColumnPlan(c, r);
        bits = owq::averageBitsPerWeight(c, r);
    } catch (const std::exception& e) {
        achieved_->setText(QString::fromStdString(e.what()));
        return;
    }
    const std::vector<owq::LinearSpec> linears = owq::layerLinears(c);
    std::vector<std::string> kinds;
    std::vector<std::vector<double>> counts(size_t(c.numLayers));
    for (const owq::LinearSpec& s : linears) {
        kinds.push_back(s.kind);
        for (std::int64_t l = 0; l < c.numLayers; ++l) {
            const auto ov = r.weakOverrides.find(owq::linearName(c, l, s.kind));
            counts[size_t(l)].push_back(ov != r.weakOverrides.end()                          ? ov->second
                                        : r.method == owq::Method::OWQ && plan.count(s.kind) ? plan.at(s.kind)
                                                                                             : 0);
        }
    }
    heatmap_->show(kinds, counts, tr("Weak columns"));
    plan_->setRowCount(int(linears.size()));
    qint64 total = 0;
    int row = 0;
    for (const owq::LinearSpec& s : linears) {
        const int k = r.method == owq::Method::OWQ && plan.count(s.kind) ? plan.at(s.kind) : 0;
        total += qint64(k) * c.numLayers;
        plan_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(s.kind)));
        plan_->setItem(row, 1, new QTableWidgetItem(QString::number(s.cols)));
        plan_->setItem(row, 2, new QTableWidgetItem(QString::number(k)));
        ++row;
    }
    achieved_->setText(tr("%1 weak columns in all (%2 layers); %3 bits per weight achieved (storage of the "
                          "decoder linears, scales and weak columns included)")
                           .arg(total)
                           .arg(c.numLayers)
                           .arg(bits, 0, 'f', 4) +
                       (r.method == owq::Method::OWQ && r.allocation == owq::Allocation::Sensitivity
                            ? tr(" Sensitivity allocation moves these bits between linears after a float "
                                 "pass over the calibration text; the heatmap shows its counts after the "
                                 "run.")
                            : QString()));
}

void QuantizePage::run() {
    if (!haveModel_ || running_) return;
    if (calib_->path().isEmpty()) {
        log(tr("Choose a calibration text file first."));
        return;
    }
    if (!studio_.busy->begin(studio_.quant->job(), tr("Quantizing %1").arg(model_.path))) return;
    QuantRequest request{model_.path, calib_->path(), recipe()};
    log_->clear();
    result_->clear();
    overall_->setRange(0, 0);
    overall_->setValue(0);
    layerProgress_->setValue(0);
    lastStage_.clear();
    done_ = total_ = 0;
    clock_.start();
    stageClock_.start();
    setRunning(true);
    QuantService* service = studio_.quant;
    post(service, [service, request] { service->quantize(request); });
}

void QuantizePage::cancel() {
    if (running_) studio_.busy->cancel();
}

void QuantizePage::setRunning(bool running) {
    running_ = running;
    cancel_->setEnabled(running);
    run_->setEnabled(!running && haveModel_ && !studio_.busy->busy());
    if (running)
        tick_.start();
    else
        tick_.stop();
    updateTimes();
}

void QuantizePage::log(const QString& line) {
    log_->appendPlainText(QTime::currentTime().toString("HH:mm:ss ") + line);
}

void QuantizePage::onProgress(const QString& stage, qint64 done, qint64 total, const QString& message) {
    if (!running_) return;
    // GPTQ's progress inside one linear (stage "quantize", message "columns") is too fine for these bars.
    if (stage == "quantize" && message == "columns") return;
    if (stage != lastStage_) {
        lastStage_ = stage;
        stageClock_.start();
        log(tr("Stage: %1").arg(stage));
    }
    stage_->setText(message.isEmpty() ? stage : stage + ": " + message);
    if (stage == "quantize") {
        done_ = done;
        total_ = total;
        overall_->setRange(0, int(total));
        overall_->setValue(int(done));
        // Units are linears, the family's count per decoder layer in true-sequential order.
        const int perLayer = haveModel_ ? int(owq::layerLinears(model_.config).size()) : 7;
        layerProgress_->setRange(0, perLayer);
        layerProgress_->setValue(done >= total ? perLayer : int(done % perLayer));
        if (!message.isEmpty()) log(message);
    } else {
        overall_->setRange(0, total > 0 ? int(total) : 0);
        overall_->setValue(int(done));
    }
    updateTimes();
}

void QuantizePage::updateTimes() {
    if (!clock_.isValid()) return;
    const qint64 elapsed = clock_.elapsed();
    QString text = tr("Elapsed %1").arg(clockText(elapsed));
    if (running_ && lastStage_ == "quantize" && done_ > 0 && total_ > done_) {
        const double perUnit = double(stageClock_.elapsed()) / double(done_);
        text += tr(", about %1 remaining").arg(clockText(qint64(perUnit * double(total_ - done_))));
    }
    times_->setText(text);
}
