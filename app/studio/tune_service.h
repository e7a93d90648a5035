// Weak column tuning of a packed OWQ model (owq::tuneModelFolder) on its own worker thread: every step and
// evaluation goes to the GUI as step(), the end as tuned(). Also answers the page's memory questions with
// core's owq::estimateTuneMemory on a model it opens for that (kept until another folder is asked about or a
// run starts, so changing batch or sequence length answers at once).
#pragma once

#include "job_bridge.h"

#include <QObject>
#include <QString>

#include <memory>

#include "owq/tune.h"

namespace owq {
class LanguageModel;
}

struct TuneRequest {
    QString modelDir;
    QString outDir;
    QString loraDir; // empty: no gptq+lora export
    owq::TuneOptions options;
};
Q_DECLARE_METATYPE(TuneRequest)

using TuneResultPtr = std::shared_ptr<const owq::TuneResult>;
Q_DECLARE_METATYPE(TuneResultPtr)
Q_DECLARE_METATYPE(owq::TuneStep)
Q_DECLARE_METATYPE(owq::TuneMemoryEstimate)

class TuneService : public QObject {
    Q_OBJECT
public:
    explicit TuneService(QObject* parent = nullptr);
    ~TuneService() override;
    JobBridge* job() { return job_; }

public slots:
    void tune(const TuneRequest& request);
    // Not a job: quick once the folder is open, and it never changes anything. `tag` comes back unchanged.
    void estimate(const QString& modelDir, const owq::TuneOptions& options, int tag);

signals:
    void log(const QString& line);
    void step(const owq::TuneStep& step);
    void tuned(const TuneResultPtr& result);
    void estimated(int tag, const owq::TuneMemoryEstimate& memory);
    void estimateFailed(int tag, const QString& message);

private:
    JobBridge* job_;
    QString estimateDir_;
    std::shared_ptr<owq::LanguageModel> estimateModel_;
};
