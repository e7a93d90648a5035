#include "compare_page.h"

#include "allocation_choice.h"
#include "button_shortcut.h"
#include "measured_perplexity.h"
#include "path_edit.h"
#include "persist_input.h"
#include "plot_export.h"
#include "plot_theme.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <map>

namespace {
QJsonObject toJson(const owq::CompareRow& r) {
    QJsonArray startIds;
    for (std::int32_t id : r.protocol.startIds) startIds.append(id);
    return {{"method", QString::fromStdString(r.method)},
            {"bits", r.bits},
            {"target", r.targetBits},
            {"average_bits", r.averageBits},
            {"weak", qint64(r.weakColumns)},
            {"allocation", QString::fromStdString(r.allocation)},
            {"ppl", r.ppl},
            {"kld", QJsonObject{{"mean", r.kld.mean},
                                {"median", r.kld.median},
                                {"p99", r.kld.p99},
                                {"max", r.kld.max},
                                {"top1", r.kld.top1},
                                {"tokens", qint64(r.kld.tokens)},
                                {"reference_top_k", qint64(r.kld.referenceTopK)}}},
            {"protocol", QJsonObject{{"file", QString::fromStdString(r.protocol.file)},
                                     {"digest", QString::fromStdString(r.protocol.textDigest)},
                                     {"seqlen", qint64(r.protocol.seqlen)},
                                     {"stride", qint64(r.protocol.stride)},
                                     {"start_ids", startIds},
                                     {"text_tokens", qint64(r.protocol.textTokens)},
                                     {"windows", qint64(r.protocol.windows)},
                                     {"predicted", qint64(r.protocol.predictedTokens)},
                                     {"eval_path", QString::fromStdString(r.protocol.evalPath)}}},
            {"choice", QJsonObject{{"file", QString::fromStdString(r.choice.file)},
                                   {"digest", QString::fromStdString(r.choice.digest)},
                                   {"n", qint64(r.choice.n)},
                                   {"acc", r.choice.acc},
                                   {"acc_stderr", r.choice.accStderr},
                                   {"acc_norm", r.choice.accNorm},
                                   {"acc_norm_stderr", r.choice.accNormStderr}}},
            {"quantize_s", r.quantizeSeconds},
            {"eval_s", r.evalSeconds}};
}
owq::CompareRow fromJson(const QJsonObject& o) {
    owq::CompareRow r;
    r.method = o["method"].toString().toStdString();
    r.bits = o["bits"].toInt();
    r.targetBits = o["target"].toDouble();
    r.averageBits = o["average_bits"].toDouble();
    r.weakColumns = o["weak"].toInteger();
    r.allocation = o["allocation"].toString().toStdString();
    r.ppl = o["ppl"].toDouble();
    const QJsonObject k = o["kld"].toObject();
    r.kld.mean = k["mean"].toDouble();
    r.kld.median = k["median"].toDouble();
    r.kld.p99 = k["p99"].toDouble();
    r.kld.max = k["max"].toDouble();
    r.kld.top1 = k["top1"].toDouble();
    r.kld.tokens = k["tokens"].toInteger();
    r.kld.referenceTopK = k["reference_top_k"].toInteger();
    const QJsonObject p = o["protocol"].toObject();
    r.protocol.file = p["file"].toString().toStdString();
    r.protocol.textDigest = p["digest"].toString().toStdString();
    r.protocol.seqlen = p["seqlen"].toInteger();
    r.protocol.stride = p["stride"].toInteger();
    for (const auto& id : p["start_ids"].toArray()) r.protocol.startIds.push_back(id.toInt());
    r.protocol.textTokens = p["text_tokens"].toInteger();
    r.protocol.windows = p["windows"].toInteger();
    r.protocol.predictedTokens = p["predicted"].toInteger();
    r.protocol.evalPath = p["eval_path"].toString(QStringLiteral("whole")).toStdString();
    const QJsonObject c = o["choice"].toObject();
    r.choice.file = c["file"].toString().toStdString();
    r.choice.digest = c["digest"].toString().toStdString();
    r.choice.n = c["n"].toInteger();
    r.choice.acc = c["acc"].toDouble();
    r.choice.accStderr = c["acc_stderr"].toDouble();
    r.choice.accNorm = c["acc_norm"].toDouble();
    r.choice.accNormStderr = c["acc_norm_stderr"].toDouble();
    r.quantizeSeconds = o["quantize_s"].toDouble();
    r.evalSeconds = o["eval_s"].toDouble();
    return r;
}
bool hasKld(const owq::CompareRow& r) {
    return r.kld.tokens > 0;
}
bool hasChoice(const owq::CompareRow& r) {
    return r.choice.n > 0;
}
// The table's columns (kKldColumn...: the KL divergence's, empty on the fp row, which is the reference;
// kAccColumn and the next: multiple-choice acc and acc_norm, shown when a task file was given).
constexpr int kPplColumn = 5, kKldColumn = 6, kTop1Column = 8, kAccColumn = 9;
QStringList cells(const owq::CompareRow& r) {
    const bool kld = hasKld(r), choice = hasChoice(r);
    // OWQ rows allocated by sensitivity say so: "owq (sensitivity 2,3,4)".
    const QString method =
        QString::fromStdString(r.method) + (r.allocation.empty() || r.allocation == "owq"
                                                ? QString()
                                                : " (" + QString::fromStdString(r.allocation) + ")");
    return {method,
            QString::number(r.bits),
            r.targetBits > 0 ? QString::number(r.targetBits) : QString(),
            QString::number(r.averageBits, 'f', 4),
            QString::number(r.weakColumns),
            QString::number(r.ppl, 'f', 4),
            kld ? QString::number(r.kld.mean, 'f', 6) : QString(),
            kld ? QString::number(r.kld.p99, 'f', 6) : QString(),
            kld ? QString::number(r.kld.top1, 'f', 2) : QString(),
            choice ? QString::number(r.choice.acc, 'f', 4) : QString(),
            choice ? QString::number(r.choice.accNorm, 'f', 4) : QString(),
            QString::number(r.quantizeSeconds + r.evalSeconds, 'f', 1)};
}
// What the numbers were measured on (docs/EVALUATION.md).
QString protocolText(const owq::EvalProtocol& p) {
    QString ids;
    for (std::int32_t id : p.startIds) ids += (ids.isEmpty() ? "" : " ") + QString::number(id);
    QString text =
        ComparePage::tr("Evaluated on %1 (FNV-1a %2): %3 tokens with BOS %4%5, windows of %6 tokens "
                        "every %7, %8 tokens predicted.")
            .arg(QString::fromStdString(p.file), QString::fromStdString(p.textDigest))
            .arg(p.textTokens)
            .arg(QString::fromLatin1(p.bos()), ids.isEmpty() ? QString() : " [" + ids + "]")
            .arg(p.seqlen)
            .arg(p.stride)
            .arg(p.predictedTokens);
    // The layer path gives the same numbers; said so a slower run is explained.
    if (p.evalPath == "layers")
        text += ComparePage::tr(" Run layer by layer (one decoder layer in memory at a time).");
    return text;
}
QString kldText(const owq::CompareRow& r) {
    if (!hasKld(r)) return ComparePage::tr("Full precision is the reference of the KL divergence.");
    return ComparePage::tr("KL divergence from full precision per predicted token: mean %1, median %2, 99th "
                           "percentile %3, max %4; top-1 agreement %5% of %6 tokens.")
               .arg(r.kld.mean, 0, 'f', 6)
               .arg(r.kld.median, 0, 'f', 6)
               .arg(r.kld.p99, 0, 'f', 6)
               .arg(r.kld.max, 0, 'f', 6)
               .arg(r.kld.top1, 0, 'f', 2)
               .arg(r.kld.tokens) +
           (r.kld.referenceTopK > 0
                ? ComparePage::tr(" Against the %1 most likely tokens of full precision per position and the "
                                  "rest as one (its vocabulary is large; a lower bound of the whole KL).")
                      .arg(r.kld.referenceTopK)
                : QString());
}
QString choiceText(const owq::CompareRow& r) {
    return ComparePage::tr("Multiple-choice accuracy on %1 (FNV-1a %2), %3 items: acc %4 +- %5, acc_norm %6 "
                           "+- %7 (standard errors over items; acc_norm divides each choice's log-likelihood "
                           "by its length in characters).")
        .arg(QString::fromStdString(r.choice.file), QString::fromStdString(r.choice.digest))
        .arg(r.choice.n)
        .arg(r.choice.acc, 0, 'f', 4)
        .arg(r.choice.accStderr, 0, 'f', 4)
        .arg(r.choice.accNorm, 0, 'f', 4)
        .arg(r.choice.accNormStderr, 0, 'f', 4);
}
} // namespace

ComparePage::ComparePage(const StudioContext& studio, QWidget* parent) : QWidget(parent), studio_(studio) {
    auto* layout = new QHBoxLayout(this);
    auto* left = new QVBoxLayout;
    layout->addLayout(left, 2);
    auto* box = new QGroupBox(tr("Methods"));
    auto* form = new QFormLayout(box);
    fp_ = new QCheckBox(tr("Full precision"));
    fp_->setChecked(true);
    form->addRow(fp_);
    auto* bitsRow = new QHBoxLayout;
    bits2_ = new QCheckBox("2");
    bits3_ = new QCheckBox("3");
    bits4_ = new QCheckBox("4");
    bits3_->setChecked(true);
    bits4_->setChecked(true);
    bitsRow->addWidget(bits2_);
    bitsRow->addWidget(bits3_);
    bitsRow->addWidget(bits4_);
    form->addRow(tr("RTN and OPTQ bits"), bitsRow);
    targets_ = new QLineEdit("3.1, 4.1");
    targets_->setObjectName("owqTargets");
    form->addRow(tr("OWQ target bits"), targets_);
    left->addWidget(box);

    auto* data = new QGroupBox(tr("Data"));
    auto* dform = new QFormLayout(data);
    calib_ = new PathEdit(PathEdit::OpenFile, "compare/calibration", tr("Calibration Text"));
    calib_->setObjectName("compareCalib");
    eval_ = new PathEdit(PathEdit::OpenFile, "compare/evaluation", tr("Evaluation Text"));
    eval_->setObjectName("compareEval");
    dform->addRow(tr("Calibration file"), calib_);
    dform->addRow(tr("Evaluation file"), eval_);
    tasks_ = new PathEdit(PathEdit::OpenFile, "compare/tasks", tr("Multiple-Choice Tasks (JSONL)"));
    tasks_->setObjectName("compareTasks");
    tasks_->setToolTip(tr("Optional: a JSONL file of {\"context\", \"choices\", \"label\"} items (as "
                          "HellaSwag, ARC or PIQA exports); every row is also scored by acc and acc_norm"));
    dform->addRow(tr("Choice tasks (optional)"), tasks_);
    nsamples_ = new QSpinBox;
    nsamples_->setObjectName("compareNsamples");
    nsamples_->setRange(1, 4096);
    nsamples_->setValue(128);
    dform->addRow(tr("Samples"), nsamples_);
    seqlen_ = new QSpinBox;
    seqlen_->setObjectName("compareSeqlen");
    seqlen_->setRange(0, 32768);
    seqlen_->setSpecialValueText(tr("default"));
    dform->addRow(tr("Sequence length"), seqlen_);
    evalSeqlen_ = new QSpinBox;
    evalSeqlen_->setObjectName("compareEvalSeqlen");
    evalSeqlen_->setRange(0, 32768);
    evalSeqlen_->setSpecialValueText(tr("default"));
    dform->addRow(tr("Evaluation sequence length"), evalSeqlen_);
    sampling_ = new QComboBox;
    sampling_->setObjectName("compareSampling");
    sampling_->addItem(tr("Uniform"), int(owq::CalibrationSampling::Uniform));
    sampling_->addItem(tr("Reference (official OWQ code)"), int(owq::CalibrationSampling::Reference));
    sampling_->setToolTip(tr("How calibration windows are drawn: uniformly, or exactly as the official OWQ "
                             "code draws them (Python's random with the same seed)"));
    dform->addRow(tr("Window sampling"), sampling_);
    allocation_ = new QComboBox;
    allocation_->setObjectName("compareAllocation");
    addAllocationChoices(allocation_);
    allocation_->setToolTip(tr("Where the OWQ rows' weak-column bits go, as on the Quantize page"));
    dform->addRow(tr("OWQ allocation"), allocation_);
    useCache_ = new QCheckBox(tr("Show cached results when the settings match"));
    useCache_->setChecked(true);
    dform->addRow(useCache_);
    left->addWidget(data);

    auto* buttons = new QHBoxLayout;
    run_ = new QPushButton(tr("&Compare"));
    run_->setObjectName("runCompare");
    addButtonShortcut(run_, QKeySequence(Qt::CTRL | Qt::Key_R), tr("Run the comparison"));
    run_->setEnabled(false);
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setObjectName("cancelCompare");
    cancel_->setEnabled(false);
    buttons->addWidget(run_);
    buttons->addWidget(cancel_);
    left->addLayout(buttons);
    auto* copyRow = new QHBoxLayout;
    auto* copyCsv = new QPushButton(tr("Copy as CSV"));
    auto* copyMd = new QPushButton(tr("Copy as Markdown"));
    auto* saveChart = new QPushButton(tr("Save Chart..."));
    saveChart->setObjectName("saveCompareChart");
    copyRow->addWidget(copyCsv);
    copyRow->addWidget(copyMd);
    copyRow->addWidget(saveChart);
    left->addLayout(copyRow);
    state_ = new QLabel(tr("Open a model to compare methods on it."));
    state_->setObjectName("compareState");
    state_->setWordWrap(true);
    left->addWidget(state_);
    left->addStretch(1);

    auto* split = new QSplitter(Qt::Vertical);
    table_ = new QTableWidget(0, 12);
    table_->setObjectName("compareTable");
    table_->setHorizontalHeaderLabels({tr("Method"), tr("Bits"), tr("Target"), tr("Bits/weight"),
                                       tr("Weak columns"), tr("Perplexity"), tr("KLD mean"), tr("KLD p99"),
                                       tr("Top-1 %"), tr("Acc"), tr("Acc norm"), tr("Seconds")});
    table_->horizontalHeaderItem(kAccColumn)
        ->setToolTip(tr("Multiple-choice accuracy: items whose most likely choice (summed log-likelihood) is "
                        "the label"));
    table_->horizontalHeaderItem(kAccColumn + 1)
        ->setToolTip(tr("Multiple-choice accuracy with each choice's log-likelihood divided by its length in "
                        "characters"));
    table_->setColumnHidden(kAccColumn, true); // shown once a row has them
    table_->setColumnHidden(kAccColumn + 1, true);
    table_->horizontalHeaderItem(kKldColumn)
        ->setToolTip(tr("Mean KL divergence of the row's next-token distribution from full precision's, per "
                        "predicted token (nats)"));
    table_->horizontalHeaderItem(kKldColumn + 1)
        ->setToolTip(tr("99th percentile of the per-token KL divergence"));
    table_->horizontalHeaderItem(kTop1Column)
        ->setToolTip(
            tr("Share of predicted tokens where the row's most likely next token is full precision's"));
    // Twelve columns: each as wide as its header or numbers (never wrapped), the last taking what is left.
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setWordWrap(false);
    table_->verticalHeader()->setVisible(false);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    split->addWidget(table_);
    auto* chartBox = new QWidget;
    auto* chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    auto* metricRow = new QHBoxLayout;
    metric_ = new QComboBox;
    metric_->setObjectName("compareMetric");
    metric_->addItem(tr("Perplexity"));
    metric_->addItem(tr("KL divergence (mean)"));
    metric_->setToolTip(tr("What the chart plots against bits per weight"));
    metricRow->addWidget(new QLabel(tr("Plot")));
    metricRow->addWidget(metric_);
    metricRow->addStretch(1);
    chartLayout->addLayout(metricRow);
    chart_ = new QCustomPlot;
    chart_->setObjectName("compareChart");
    chart_->setMinimumHeight(200);
    chartLayout->addWidget(chart_, 1);
    split->addWidget(chartBox);
    // Light or dark with the system (plot_theme.h).
    plot_theme::followPalette(chart_, [this] { redraw(); });
    layout->addWidget(split, 3);

    connect(run_, &QPushButton::clicked, this, &ComparePage::run);
    connect(metric_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(cancel_, &QPushButton::clicked, this, [this] {
        if (running_) studio_.busy->cancel();
    });
    connect(copyCsv, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(csv()); });
    connect(copyMd, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(markdown()); });
    connect(saveChart, &QPushButton::clicked, this, [this] {
        QString filter;
        const QString file = QFileDialog::getSaveFileName(
            this, tr("Save Chart"), QSettings().value("compare/chartDir").toString() + "/perplexity",
            plotFileFilter(), &filter);
        if (file.isEmpty()) return;
        const QString path = withPlotExtension(file, filter);
        QSettings().setValue("compare/chartDir", QFileInfo(path).absolutePath());
        if (!savePlotFile(chart_, path))
            emit studio_.busy->failed(tr("Could not write %1").arg(path));
        else
            emit studio_.busy->status(tr("Saved %1").arg(path));
    });
    connect(studio_.model, &ModelService::modelOpened, this, [this](const ModelSummary& s) {
        haveModel_ = s.quantization.isEmpty();
        modelDir_ = s.path;
        defaultSeqlen_ = s.config.defaultSeqlen();
        run_->setEnabled(haveModel_ && !studio_.busy->busy());
        state_->setText(
            haveModel_ ? tr("Ready to compare methods on %1.").arg(s.path)
                       : tr("%1 is already quantized; compare starts from a float checkpoint.").arg(s.path));
    });
    connect(studio_.compare, &CompareService::row, this, &ComparePage::addRow);
    connect(studio_.compare->job(), &JobBridge::progress, this,
            [this](const QString& stage, qint64 done, qint64 total, const QString& message) {
                if (running_)
                    state_->setText(
                        tr("%1 (%2 of %3 rows): %4").arg(stage).arg(done).arg(total).arg(message));
            });
    connect(studio_.busy, &BusyState::jobEnded, this,
            [this](JobBridge* job, bool ok, bool cancelled, const QString&) {
                if (!running_ || job != studio_.compare->job()) return;
                running_ = false;
                cancel_->setEnabled(false);
                if (ok) {
                    QJsonArray rows;
                    for (const auto& r : rows_) rows.append(toJson(r));
                    QSettings().setValue(cacheKey(), QJsonDocument(rows).toJson(QJsonDocument::Compact));
                    recordRows();
                    state_->setText(tr("Finished: %1 rows.").arg(rows_.size()));
                } else
                    state_->setText(cancelled ? tr("Cancelled.") : tr("Failed."));
            });
    connect(studio_.busy, &BusyState::changed, this,
            [this](bool busy) { run_->setEnabled(!busy && haveModel_); });
    // The last session's choices.
    persistInput(fp_, "compare/fullPrecision");
    persistInput(bits2_, "compare/bits2");
    persistInput(bits3_, "compare/bits3");
    persistInput(bits4_, "compare/bits4");
    persistInput(targets_, "compare/owqTargets");
    persistInput(nsamples_, "compare/nsamples");
    persistInput(seqlen_, "compare/seqlen");
    persistInput(evalSeqlen_, "compare/evalSeqlen");
    persistInput(sampling_, "compare/sampling");
    persistInput(allocation_, "compare/allocation");
    persistInput(useCache_, "compare/useCache");
    persistInput(metric_, "compare/chartMetric");
}

QString ComparePage::cacheKey() const {
    QStringList parts{modelDir_,
                      calib_->path(),
                      eval_->path(),
                      fp_->isChecked() ? "fp" : "",
                      bits2_->isChecked() ? "2" : "",
                      bits3_->isChecked() ? "3" : "",
                      bits4_->isChecked() ? "4" : "",
                      targets_->text(),
                      QString::number(nsamples_->value()),
                      QString::number(seqlen_->value()),
                      QString::number(evalSeqlen_->value())};
    // Added only when not the default, so results cached before the choice existed still match.
    if (sampling_->currentIndex() != 0)
        parts << QString::fromLatin1(
            owq::samplingName(owq::CalibrationSampling(sampling_->currentData().toInt())));
    if (!tasks_->path().isEmpty()) parts << "tasks:" + tasks_->path();
    if (allocation_->currentIndex() != 0)
        parts << "allocation:" + QString::number(allocation_->currentIndex());
    return "compareCache/" +
           QCryptographicHash::hash(parts.join('\n').toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
}

void ComparePage::run() {
    if (!haveModel_ || running_) return;
    if (calib_->path().isEmpty() || eval_->path().isEmpty()) {
        state_->setText(tr("Choose a calibration file and an evaluation file first."));
        return;
    }
    CompareRequest request;
    request.modelDir = modelDir_;
    request.calibrationFile = calib_->path();
    request.evalFile = eval_->path();
    request.tasksFile = tasks_->path();
    owq::CompareOptions& o = request.options;
    o.evalName = QFileInfo(eval_->path()).fileName().toStdString();
    o.includeFp = fp_->isChecked();
    o.bits.clear();
    if (bits2_->isChecked()) o.bits.push_back(2);
    if (bits3_->isChecked()) o.bits.push_back(3);
    if (bits4_->isChecked()) o.bits.push_back(4);
    o.targetBits.clear();
    for (const QString& t : targets_->text().split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = t.trimmed().toDouble(&ok);
        if (!ok || v < 2 || v >= 5) {
            state_->setText(tr("OWQ target bits must be numbers like 3.1, 4.1 (got '%1').").arg(t.trimmed()));
            return;
        }
        o.targetBits.push_back(v);
    }
    o.base.nsamples = nsamples_->value();
    o.base.seqlen = seqlen_->value();
    o.evalSeqlen = evalSeqlen_->value();
    o.base.sampling = owq::CalibrationSampling(sampling_->currentData().toInt());
    applyAllocationChoice(allocation_, o.base);

    rows_.clear();
    table_->setRowCount(0);
    table_->setColumnHidden(kAccColumn, true);
    table_->setColumnHidden(kAccColumn + 1, true);
    redraw();
    const QString key = cacheKey();
    // Results cached before the KL divergence was measured are measured again.
    const auto measuredKld = [](const QJsonArray& rows) {
        for (const auto& v : rows)
            if (v.toObject()["method"].toString() != "fp" && !v.toObject().contains("kld")) return false;
        return true;
    };
    const QJsonArray cached = QJsonDocument::fromJson(QSettings().value(key).toByteArray()).array();
    if (useCache_->isChecked() && QSettings().contains(key) && measuredKld(cached)) {
        for (const auto& v : cached) addRow(fromJson(v.toObject()));
        recordRows();
        state_->setText(
            tr("Cached results (%1 rows); untick the cache option to run again.").arg(rows_.size()));
        return;
    }
    if (!studio_.busy->begin(studio_.compare->job(), tr("Comparing methods on %1").arg(modelDir_))) return;
    running_ = true;
    cancel_->setEnabled(true);
    state_->setText(tr("Running..."));
    CompareService* service = studio_.compare;
    post(service, [service, request] { service->run(request); });
}

void ComparePage::recordRows() const {
    // 0 means the model's default window for both calibration and evaluation.
    const auto resolve = [this](int v) { return v > 0 ? qint64(v) : defaultSeqlen_; };
    QList<MeasuredPerplexity> measured;
    for (const auto& r : rows_) {
        MeasuredPerplexity m;
        m.method = QString::fromStdString(r.method);
        m.bits = r.bits;
        m.targetBits = r.targetBits;
        m.averageBits = r.averageBits;
        m.ppl = r.ppl;
        m.evalFile = QFileInfo(eval_->path()).fileName();
        m.evalSeqlen = resolve(evalSeqlen_->value());
        m.nsamples = nsamples_->value();
        m.calibSeqlen = resolve(seqlen_->value());
        if (hasKld(r)) {
            m.kldMean = r.kld.mean;
            m.kldMedian = r.kld.median;
            m.kldP99 = r.kld.p99;
            m.kldMax = r.kld.max;
            m.top1 = r.kld.top1;
            m.kldTokens = r.kld.tokens;
        }
        const owq::EvalProtocol& p = r.protocol;
        m.evalDigest = QString::fromStdString(p.textDigest);
        m.evalStride = p.stride;
        m.bos = QString::fromLatin1(p.bos());
        m.evalTextTokens = p.textTokens;
        m.evalPredictedTokens = p.predictedTokens;
        measured.push_back(m);
    }
    recordPerplexities(modelDir_, measured);
}

void ComparePage::addRow(const owq::CompareRow& r) {
    rows_.push_back(r);
    const int row = table_->rowCount();
    table_->insertRow(row);
    const QStringList c = cells(r);
    const QString protocol = protocolText(r.protocol), kld = kldText(r);
    if (hasChoice(r)) {
        table_->setColumnHidden(kAccColumn, false);
        table_->setColumnHidden(kAccColumn + 1, false);
    }
    for (int i = 0; i < c.size(); ++i) {
        auto* item = new QTableWidgetItem(c[i]);
        if (i == kPplColumn) item->setToolTip(protocol);
        if (i >= kKldColumn && i <= kTop1Column) item->setToolTip(kld + "\n" + protocol);
        if ((i == kAccColumn || i == kAccColumn + 1) && hasChoice(r)) item->setToolTip(choiceText(r));
        table_->setItem(row, i, item);
    }
    redraw();
}

void ComparePage::redraw() {
    chart_->clearGraphs();
    chart_->clearItems();
    std::map<std::string, QCPGraph*> graphs;
    const QPalette palette = chart_->palette();
    const std::map<std::string, QColor> colors{{"rtn", plot_theme::seriesColor(plot_theme::Red, palette)},
                                               {"gptq", plot_theme::seriesColor(plot_theme::Blue, palette)},
                                               {"owq", plot_theme::seriesColor(plot_theme::Green, palette)}};
    // Perplexity, or the mean KL divergence from full precision (on a log axis: 2 and 4 bits lie orders of
    // magnitude apart); full precision is the KL divergence's reference, so it is no point of that chart.
    const bool kld = metric_->currentIndex() == 1;
    const auto value = [kld](const owq::CompareRow& r) { return kld ? r.kld.mean : r.ppl; };
    double lo = 0, hi = 0, xlo = 2, xhi = 5;
    bool first = true, firstX = true;
    for (const auto& r : rows_) {
        if (kld && !hasKld(r)) continue;
        const double y = value(r);
        lo = first ? y : std::min(lo, y);
        hi = first ? y : std::max(hi, y);
        first = false;
        if (r.method == "fp") {
            // Full precision is a reference level, not a point on the bits axis.
            auto* line = new QCPItemStraightLine(chart_);
            line->point1->setCoords(0, r.ppl);
            line->point2->setCoords(1, r.ppl);
            line->setPen(QPen(palette.color(QPalette::Text), 1, Qt::DashLine));
            auto* label = new QCPItemText(chart_);
            label->position->setType(QCPItemPosition::ptAxisRectRatio);
            label->position->setCoords(0.02, 0.98);
            label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
            label->setColor(palette.color(QPalette::Text));
            label->setText(tr("full precision: %1").arg(r.ppl, 0, 'f', 4));
            continue;
        }
        QCPGraph*& g = graphs[r.method];
        if (!g) {
            g = chart_->addGraph();
            g->setName(QString::fromStdString(r.method == "gptq" ? "optq/gptq" : r.method));
            const QColor color = colors.count(r.method) ? colors.at(r.method)
                                                        : plot_theme::seriesColor(plot_theme::Gray, palette);
            g->setPen(QPen(color, 1.5));
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, 7));
        }
        g->addData(r.averageBits, y);
        xlo = firstX ? r.averageBits : std::min(xlo, r.averageBits);
        xhi = firstX ? r.averageBits : std::max(xhi, r.averageBits);
        firstX = false;
    }
    chart_->xAxis->setLabel(tr("Bits per weight"));
    chart_->yAxis->setLabel(kld ? tr("KL divergence from full precision (mean, nats)") : tr("Perplexity"));
    chart_->xAxis->setRange(xlo - 0.25, xhi + 0.25);
    const bool logScale = kld && !first && lo > 0;
    if (logScale != (chart_->yAxis->scaleType() == QCPAxis::stLogarithmic)) {
        chart_->yAxis->setScaleType(logScale ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        chart_->yAxis->setTicker(logScale ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog)
                                          : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
    if (logScale)
        chart_->yAxis->setRange(lo / 2, hi * 2);
    else if (!first)
        chart_->yAxis->setRange(lo * 0.9, hi * 1.1);
    chart_->legend->setVisible(!graphs.empty());
    chart_->replot();
}

QString ComparePage::csv() const {
    QString out =
        "method,bits,target_bits,average_bits,weak_columns,ppl,kld_mean,kld_p99,top1,acc,acc_norm,"
        "seconds,kld_median,kld_max,eval_file,eval_digest,eval_seqlen,eval_stride,bos,eval_text_tokens,"
        "eval_predicted_tokens,acc_stderr,acc_norm_stderr,task_file,task_digest,task_items\n";
    for (const auto& r : rows_) {
        const owq::EvalProtocol& p = r.protocol;
        QStringList c = cells(r);
        c << (hasKld(r) ? QString::number(r.kld.median, 'f', 6) : QString())
          << (hasKld(r) ? QString::number(r.kld.max, 'f', 6) : QString()) << QString::fromStdString(p.file)
          << QString::fromStdString(p.textDigest) << QString::number(p.seqlen) << QString::number(p.stride)
          << QString::fromLatin1(p.bos()) << QString::number(p.textTokens)
          << QString::number(p.predictedTokens);
        const bool choice = hasChoice(r);
        c << (choice ? QString::number(r.choice.accStderr, 'f', 4) : QString())
          << (choice ? QString::number(r.choice.accNormStderr, 'f', 4) : QString())
          << QString::fromStdString(r.choice.file) << QString::fromStdString(r.choice.digest)
          << (choice ? QString::number(r.choice.n) : QString());
        out += c.join(',') + "\n";
    }
    return out;
}

QString ComparePage::markdown() const {
    QString out =
        "| method | bits | target | bits/weight | weak columns | ppl | KLD mean | KLD p99 | top-1 % | acc | "
        "acc_norm | seconds |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
    for (const auto& r : rows_) out += "| " + cells(r).join(" | ") + " |\n";
    if (!rows_.empty()) out += "\n" + protocolText(rows_.front().protocol) + "\n";
    if (!rows_.empty() && hasChoice(rows_.front()))
        out += "\n" +
               tr("acc and acc_norm on %1 (FNV-1a %2), %3 items.")
                   .arg(QString::fromStdString(rows_.front().choice.file),
                        QString::fromStdString(rows_.front().choice.digest))
                   .arg(rows_.front().choice.n) +
               "\n";
    return out;
}
