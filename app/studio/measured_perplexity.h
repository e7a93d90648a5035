// Perplexities measured in the studio (the Compare page's rows), kept per source model in QSettings so an
// export made later, even in another session, can quote them; and the model card's "## Perplexity" section
// built from them.
#pragma once

#include <QList>
#include <QString>

struct MeasuredPerplexity {
    QString method; // fp | rtn | gptq | owq
    int bits = 16;
    double targetBits = 0; // OWQ's target, else 0
    double averageBits = 16;
    double ppl = 0;
    QString evalFile;      // file name of the evaluation text
    qint64 evalSeqlen = 0; // tokens per window, the default resolved
    int nsamples = 0;      // calibration windows of the quantized rows
    qint64 calibSeqlen = 0;
    // KL divergence from the float model per predicted token, and top-1 agreement (%); kldTokens 0: none
    // (the fp row, or a record from before it was measured).
    double kldMean = 0, kldMedian = 0, kldP99 = 0, kldMax = 0, top1 = 0;
    qint64 kldTokens = 0;
    // The rest of the evaluation protocol (docs/EVALUATION.md); evalDigest empty: not recorded.
    QString evalDigest; // FNV-1a 64 of the evaluation text
    qint64 evalStride = 0;
    QString bos; // "once" | "none"
    qint64 evalTextTokens = 0, evalPredictedTokens = 0;
};

// Replaces earlier records of `modelDir` with the same method, bits, target, data and windows.
void recordPerplexities(const QString& modelDir, const QList<MeasuredPerplexity>& measured);
QList<MeasuredPerplexity> recordedPerplexities(const QString& modelDir);
// The records of `modelDir` that describe a model quantized with these settings, and its float reference.
QList<MeasuredPerplexity> perplexitiesFor(const QString& modelDir, const QString& method, int bits,
                                          double targetBits, int nsamples, qint64 calibSeqlen);

// The "## Perplexity" section of a model card; when `measured` is empty it says none was measured and how
// to measure it on `folderName`.
QString perplexitySection(const QList<MeasuredPerplexity>& measured, const QString& folderName);
// `card` with its "## Perplexity" section replaced by `section` (inserted before the next section, or
// appended, when it has none).
QString withPerplexitySection(const QString& card, const QString& section);
