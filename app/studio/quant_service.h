// Quantizing the opened model and writing the result: owq::quantizeModel on a LanguageModel opened with
// deferLayers (one float32 decoder layer in memory at a time), then savePacked / saveFakeQuantized (and the
// export formats of owq/export.h where core has them). Lives on its own worker thread; keeps the last
// quantized model and its QuantReport until the next run. A failed or cancelled run leaves none.
#pragma once

#include "job_bridge.h"
#include "measured_perplexity.h"
#include "model_service.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

#include "owq/quant_pipeline.h"

struct QuantRequest {
    QString modelDir;
    QString calibrationFile;
    owq::QuantRecipe recipe;
};
Q_DECLARE_METATYPE(QuantRequest)

struct ExportRequest {
    QString dir;
    QString format;                         // one of QuantService::exportFormats()
    bool replace = false;                   // the user agreed to replace an existing non-empty folder
    QList<MeasuredPerplexity> perplexities; // measured for this model and settings, for the model card
};
Q_DECLARE_METATYPE(ExportRequest)

using QuantReportPtr = std::shared_ptr<const owq::QuantReport>;
Q_DECLARE_METATYPE(QuantReportPtr)

class QuantService : public QObject {
    Q_OBJECT
public:
    explicit QuantService(QObject* parent = nullptr);
    ~QuantService() override;
    JobBridge* job() { return job_; }
    // "packed", "fake", and "hf", "gptq+lora" when core has owq/export.h.
    static QStringList exportFormats();

public slots:
    void quantize(const QuantRequest& request);
    void exportModel(const ExportRequest& request);
    void clear();

signals:
    void log(const QString& line);
    void quantized(const QuantReportPtr& report);
    void cleared();
    // The quantized model (null when cleared), for ModelService's side-by-side answers; emitted before
    // quantized().
    void modelChanged(const LanguageModelPtr& model);
    void exported(const QString& dir, const QString& format, qint64 bytes);

private:
    JobBridge* job_;
    LanguageModelPtr model_;
    QuantReportPtr report_;
};
