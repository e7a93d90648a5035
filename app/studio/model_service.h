// Runs every slow core call (loading, generation) on a worker thread and reports through signals, so the
// GUI thread never blocks. Lives in its own QThread; call its slots through queued connections.
#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace owq {
class LanguageModel;
class CancelToken;
} // namespace owq

struct ModelSummary {
    QString path;
    QString architecture;
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
    qint64 diskBytes = 0;
    qint64 memoryEstimate = 0;
    QString tokenizer;
    double loadSeconds = 0;
};
Q_DECLARE_METATYPE(ModelSummary)

struct GenerationRequest {
    QString prompt;
    double temperature = 0.7;
    int topK = 40;
    double topP = 0.95;
    int maxTokens = 200;
    quint64 seed = 0;
};
Q_DECLARE_METATYPE(GenerationRequest)

class ModelService : public QObject {
    Q_OBJECT
public:
    explicit ModelService(QObject* parent = nullptr);
    ~ModelService() override;
    // Thread-safe: asks the running job to stop at its next check.
    void cancel();

public slots:
    void openModel(const QString& dir);
    void makeDemoModel(const QString& dir);
    void generate(const GenerationRequest& request);

signals:
    void busy(const QString& what);
    void progress(const QString& stage, qint64 done, qint64 total, const QString& message);
    void modelOpened(const ModelSummary& summary);
    void demoModelReady(const QString& dir);
    void tokenText(const QString& text);
    void generationFinished(int tokens, double tokensPerSecond, const QString& stopReason);
    void failed(const QString& message);

private:
    std::shared_ptr<owq::LanguageModel> model_;
    std::unique_ptr<owq::CancelToken> cancel_;
};
