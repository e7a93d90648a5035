#include "model_service.h"

#include <QFileInfo>

#include "owq/demo_model.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/job.h"
#include "owq/memory_estimate.h"

ModelService::ModelService(QObject* parent) : QObject(parent), cancel_(std::make_unique<owq::CancelToken>()) {
    qRegisterMetaType<ModelSummary>();
    qRegisterMetaType<GenerationRequest>();
}

ModelService::~ModelService() = default;

void ModelService::cancel() {
    cancel_->cancel();
}

namespace {
owq::JobContext jobFor(ModelService* self, owq::CancelToken* cancel) {
    return {[self](const owq::Progress& p) {
                emit self->progress(QString::fromStdString(p.stage), p.done, p.total,
                                    QString::fromStdString(p.message));
            },
            cancel};
}
} // namespace

void ModelService::openModel(const QString& dir) {
    cancel_->reset();
    emit busy(tr("Loading %1").arg(dir));
    try {
        model_.reset(); // release the previous model before loading the next
        model_ = owq::LanguageModel::open(dir.toStdString(), {}, jobFor(this, cancel_.get()));
        const owq::ModelConfig& c = model_->config();
        ModelSummary s;
        s.path = QFileInfo(dir).absoluteFilePath();
        s.architecture = QString::fromStdString(c.architecture + " (" + c.modelType + ")");
        s.parameters = c.parameterCount();
        s.layers = c.numLayers;
        s.hidden = c.hiddenSize;
        s.intermediate = c.intermediateSize;
        s.headDim = c.headDim;
        s.tiedEmbeddings = c.tieWordEmbeddings;
        s.heads = c.numHeads;
        s.kvHeads = c.numKvHeads;
        s.vocab = c.vocabSize;
        s.context = c.maxPositions;
        s.dtype = QString::fromStdString(model_->checkpoint().weightDtype());
        s.diskBytes = qint64(model_->checkpoint().totalBytes());
        s.memoryEstimate = qint64(owq::estimateInferenceMemory(c, c.maxPositions).total());
        s.tokenizer = QString::fromStdString(model_->tokenizer()->path());
        s.loadSeconds = model_->loadSeconds();
        emit modelOpened(s);
    } catch (const std::exception& e) {
        model_.reset();
        emit failed(QString::fromStdString(e.what()));
    }
}

void ModelService::makeDemoModel(const QString& dir) {
    cancel_->reset();
    emit busy(tr("Building the demo model in %1").arg(dir));
    try {
        owq::makeDemoModel(dir.toStdString(), {}, jobFor(this, cancel_.get()));
        emit demoModelReady(dir);
    } catch (const std::exception& e) {
        emit failed(QString::fromStdString(e.what()));
    }
}

void ModelService::generate(const GenerationRequest& request) {
    if (!model_) {
        emit failed(tr("Open a model first."));
        return;
    }
    cancel_->reset();
    emit busy(tr("Generating"));
    owq::SamplingOptions s;
    s.temperature = float(request.temperature);
    s.topK = request.topK;
    s.topP = float(request.topP);
    s.maxTokens = request.maxTokens;
    s.seed = request.seed;
    try {
        owq::GenerationResult r = model_->generateText(request.prompt.toStdString(), s,
                                                       [this](std::int32_t, const std::string& text) {
                                                           if (!text.empty())
                                                               emit tokenText(QString::fromStdString(text));
                                                           return true;
                                                       },
                                                       {{}, cancel_.get()});
        emit generationFinished(int(r.tokens.size()), r.tokensPerSecond(),
                                QString::fromStdString(r.stopReason));
    } catch (const std::exception& e) {
        emit failed(QString::fromStdString(e.what()));
    }
}
