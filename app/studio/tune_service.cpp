#include "tune_service.h"

#include <QFileInfo>

#include "owq/engine.h"
#include "owq/error.h"
#include "owq/memory_estimate.h"

#include <cmath>

TuneService::TuneService(QObject* parent) : QObject(parent), job_(new JobBridge(this)) {
    qRegisterMetaType<TuneRequest>();
    qRegisterMetaType<TuneResultPtr>();
    qRegisterMetaType<owq::TuneStep>();
    qRegisterMetaType<owq::TuneMemoryEstimate>();
}

TuneService::~TuneService() = default;

void TuneService::estimate(const QString& modelDir, const owq::TuneOptions& options, int tag) {
    try {
        if (!estimateModel_ || estimateDir_ != modelDir) {
            estimateModel_.reset(); // one model held at a time
            estimateDir_.clear();
            owq::LoadOptions load;
            load.deferLayers = true;
            estimateModel_ = owq::LanguageModel::open(modelDir.toStdString(), load);
            estimateDir_ = modelDir;
        }
        emit estimated(tag, owq::estimateTuneMemory(*estimateModel_, options));
    } catch (const std::exception& e) {
        estimateModel_.reset();
        estimateDir_.clear();
        emit estimateFailed(tag, QString::fromStdString(e.what()));
    }
}

void TuneService::tune(const TuneRequest& request) {
    // The run opens its own copy; the estimate's would only double the memory.
    estimateModel_.reset();
    estimateDir_.clear();
    job_->run(tr("Tuning %1").arg(request.modelDir), [&] {
        const owq::TuneOptions& o = request.options;
        emit log(tr("Tuning the weak columns of %1 on %2: %3 steps, learning rate %4, %5 x %6 x %7 tokens "
                    "per step")
                     .arg(request.modelDir, QString::fromStdString(o.dataFile))
                     .arg(o.steps)
                     .arg(o.lr)
                     .arg(o.batch)
                     .arg(o.accum)
                     .arg(o.seqlen));
        if (!o.resumeFrom.empty()) emit log(tr("Resuming from %1").arg(QString::fromStdString(o.resumeFrom)));
        owq::ExportOptions lora;
        lora.format = owq::ExportFormat::GptqLora;
        lora.denseFallback = true; // small models have linears GPTQ cannot pack
        const owq::TuneResult r = owq::tuneModelFolder(
            request.modelDir.toStdString(), request.outDir.toStdString(), o,
            [this](const owq::TuneStep& s) { emit step(s); }, job_->context(), {},
            request.loraDir.toStdString(), lora);
        emit log(tr("Eval loss %1 -> %2 (perplexity %3 -> %4), %5 trainable parameters, %6 s")
                     .arg(r.initialEvalLoss, 0, 'f', 4)
                     .arg(r.finalEvalLoss, 0, 'f', 4)
                     .arg(std::exp(r.initialEvalLoss), 0, 'f', 3)
                     .arg(std::exp(r.finalEvalLoss), 0, 'f', 3)
                     .arg(r.trainableParameters)
                     .arg(r.seconds, 0, 'f', 1));
        emit log(tr("Saved to %1").arg(QString::fromStdString(r.out)));
        if (!r.loraOut.empty()) emit log(tr("gptq+lora export in %1").arg(QString::fromStdString(r.loraOut)));
        for (const std::string& c : r.checkpoints)
            emit log(tr("Checkpoint %1").arg(QString::fromStdString(c)));
        emit tuned(std::make_shared<const owq::TuneResult>(r));
    });
}
