#include "model_service.h"

#include <QFileInfo>

#include "owq/architecture.h"
#include "owq/chat.h"
#include "owq/demo_model.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/memory_estimate.h"

ModelService::ModelService(QObject* parent) : QObject(parent), job_(new JobBridge(this)) {
    qRegisterMetaType<ModelSummary>();
    qRegisterMetaType<GenerationRequest>();
    qRegisterMetaType<LanguageModelPtr>();
}

ModelService::~ModelService() = default;

void ModelService::openModel(const QString& dir) {
    job_->run(tr("Loading %1").arg(dir), [&] {
        chat_.reset();
        model_.reset(); // release the previous model before loading the next
        try {
            model_ = owq::LanguageModel::open(dir.toStdString(), {}, job_->context());
        } catch (...) {
            model_.reset();
            throw;
        }
        const owq::ModelConfig& c = model_->config();
        ModelSummary s;
        s.path = QFileInfo(dir).absoluteFilePath();
        s.architecture = QString::fromStdString(c.architecture + " (" + c.modelType + ")");
        s.family = QString::fromStdString(owq::describeArchitecture(c));
        s.linears = QString::fromStdString(owq::describeLinears(c));
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
        const owq::QuantizationInfo& q = c.quantization;
        if (!q.method.empty())
            s.quantization = tr("%1 %2-bit, %3, %4 bits/weight")
                                 .arg(QString::fromStdString(q.method).toUpper())
                                 .arg(q.bits)
                                 .arg(q.packed ? tr("packed") : tr("fake-quantized"))
                                 .arg(q.averageBits, 0, 'f', 4);
        s.diskBytes = qint64(model_->checkpoint().totalBytes());
        s.memoryEstimate = qint64(owq::estimateInferenceMemory(c, c.maxPositions).total());
        s.tokenizer = QString::fromStdString(model_->tokenizer()->path());
        s.tokenizerKind = QString::fromStdString(model_->tokenizer()->describe());
        template_ =
            std::make_shared<const owq::ChatTemplate>(owq::ChatTemplate::fromFolder(dir.toStdString()));
        s.chatFormat = template_->isJinja()
                           ? tr("the model's own (Jinja)")
                           : tr("built-in %1").arg(QString::fromStdString(template_->name()));
        s.chatFallback = QString::fromStdString(template_->fallbackReason());
        s.loadSeconds = model_->loadSeconds();
        s.config = c;
        chat_ = std::make_unique<owq::ChatSession>(model_, *template_);
        if (quantModel_) quantChat_ = std::make_unique<owq::ChatSession>(quantModel_, *template_);
        emit modelOpened(s);
    });
}

void ModelService::makeDemoModel(const QString& dir) {
    job_->run(tr("Building the demo model in %1").arg(dir), [&] {
        owq::makeDemoModel(dir.toStdString(), {}, job_->context());
        emit demoModelReady(dir);
    });
}

void ModelService::resetChat() {
    if (chat_) chat_->reset();
    if (quantChat_) quantChat_->reset();
}

void ModelService::setQuantizedModel(const LanguageModelPtr& model) {
    quantModel_ = model;
    quantChat_ = model && template_ ? std::make_unique<owq::ChatSession>(model, *template_) : nullptr;
}

void ModelService::generate(const GenerationRequest& request) {
    job_->run(tr("Generating"), [&] {
        if (!model_)
            throw owq::Error(owq::ErrorKind::InvalidArgument, tr("Open a model first.").toStdString());
        if (request.sideBySide && !quantModel_)
            throw owq::Error(owq::ErrorKind::InvalidArgument,
                             tr("Quantize the model first to answer side by side.").toStdString());
        generateOn(0, request);
        if (!request.sideBySide) return;
        // One after the other, not at once: each generation uses every core (LibTorch and the packed
        // kernels), so running both together would halve each one's tokens/s and make the two speeds
        // incomparable. Stop ends the first and skips the second (checkCancel throws Cancelled).
        job_->context().checkCancel("generate");
        generateOn(1, request);
    });
}

void ModelService::generateOn(int lane, const GenerationRequest& request) {
    owq::SamplingOptions s;
    s.temperature = float(request.temperature);
    s.topK = request.topK;
    s.topP = float(request.topP);
    s.repetitionPenalty = float(request.repetitionPenalty);
    s.maxTokens = request.maxTokens;
    s.seed = request.seed;
    auto onToken = [this, lane](std::int32_t, const std::string& text) {
        if (!text.empty()) emit tokenText(lane, QString::fromStdString(text));
        return true;
    };
    const LanguageModelPtr& model = lane == 0 ? model_ : quantModel_;
    model->setInt8Activations(request.int8Activations); // this thread is the model's only user now
    model->setKvCacheType(request.bf16KvCache ? owq::KvCacheType::BFloat16 : owq::KvCacheType::Float32);
    owq::ChatSession* chat = lane == 0 ? chat_.get() : quantChat_.get();
    const owq::GenerationResult r =
        request.chat && chat ? chat->reply(request.prompt.toStdString(), s, onToken, job_->context())
                             : model->generateText(request.prompt.toStdString(), s, onToken, job_->context());
    QString ranOn = QString::fromStdString(model->kernelPath());
    if (request.bf16KvCache) ranOn += tr(", 16-bit KV cache");
    emit generationFinished(lane, int(r.tokens.size()), r.tokensPerSecond(),
                            QString::fromStdString(r.stopReason), ranOn, int(r.promptTokens),
                            r.promptTokensPerSecond());
}
