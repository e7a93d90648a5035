// Opening models, the demo model, completion and chat: every slow core call runs on the worker thread this
// object lives on, reporting through its JobBridge and signals. Call its slots through queued connections.
// It also holds a reference to QuantService's quantized model (handed over queued, used only while the
// studio's one job is ours) for side-by-side answers: lane 0 is the opened model, lane 1 the quantized one.
#pragma once

#include "job_bridge.h"

#include <QObject>
#include <QString>

#include <memory>

#include "owq/chat_template.h"
#include "owq/config.h"

namespace owq {
class LanguageModel;
class ChatSession;
} // namespace owq

struct ModelSummary {
    QString path;
    QString architecture;
    QString family;  // the family and what its layers are made of (owq::describeArchitecture)
    QString linears; // the linears of a decoder layer with their shapes
    qint64 parameters = 0;
    qint64 layers = 0;
    qint64 hidden = 0;
    qint64 intermediate = 0;
    qint64 headDim = 0;
    bool tiedEmbeddings = false;
    qint64 heads = 0;
    qint64 kvHeads = 0;
    qint64 vocab = 0;
    qint64 context = 0;
    QString dtype;
    QString quantization; // empty: a float checkpoint
    qint64 diskBytes = 0;
    qint64 memoryEstimate = 0;
    QString tokenizer;     // the tokenizer file
    QString tokenizerKind; // e.g. "tokenizer.json (BPE, 151643 tokens + 26 added, byte-level)"
    QString chatFormat;    // "the model's own (Jinja)" or the built-in format's name
    QString chatFallback;  // why the model's own template is not used (empty when it is, or there is none)
    double loadSeconds = 0;
    owq::ModelConfig config;
};
Q_DECLARE_METATYPE(ModelSummary)

using LanguageModelPtr = std::shared_ptr<owq::LanguageModel>;
Q_DECLARE_METATYPE(LanguageModelPtr)

struct GenerationRequest {
    QString prompt;
    bool chat = false; // a chat turn (the model's chat template, history kept) instead of a completion
    double temperature = 0.7;
    int topK = 40;
    double topP = 0.95;
    double repetitionPenalty = 1.0;
    int maxTokens = 200;
    quint64 seed = 0;
    bool sideBySide = false; // answer with the opened model, then with the quantized model
    // Packed models on the avx512vnni path: 8-bit activations (owq::LoadOptions::int8Activations).
    bool int8Activations = false;
    // Past keys and values in bfloat16 (owq::LoadOptions::kvCache).
    bool bf16KvCache = false;
};
Q_DECLARE_METATYPE(GenerationRequest)

class ModelService : public QObject {
    Q_OBJECT
public:
    explicit ModelService(QObject* parent = nullptr);
    ~ModelService() override;
    JobBridge* job() { return job_; }

public slots:
    void openModel(const QString& dir);
    void makeDemoModel(const QString& dir);
    void generate(const GenerationRequest& request);
    void resetChat();
    // The quantized model for side-by-side answers (null: none).
    void setQuantizedModel(const LanguageModelPtr& model);

signals:
    void modelOpened(const ModelSummary& summary);
    void demoModelReady(const QString& dir);
    void tokenText(int lane, const QString& text);
    // kernels: what ran the linears (owq::LanguageModel::kernelPath, e.g. "packed cpu avx512vnni"), then
    // ", 16-bit KV cache" where the request asked for one. promptTokens at promptTokensPerSecond: the prompt
    // pass (prefill) before the first generated token.
    void generationFinished(int lane, int tokens, double tokensPerSecond, const QString& stopReason,
                            const QString& kernels, int promptTokens, double promptTokensPerSecond);

private:
    void generateOn(int lane, const GenerationRequest& request);

    JobBridge* job_;
    LanguageModelPtr model_;
    std::unique_ptr<owq::ChatSession> chat_;
    std::shared_ptr<const owq::ChatTemplate> template_;
    LanguageModelPtr quantModel_;
    std::unique_ptr<owq::ChatSession> quantChat_;
};
