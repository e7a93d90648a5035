#include "measured_perplexity.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

#include <cmath>

namespace {
QString key(const QString& modelDir) {
    const QString path = QFileInfo(modelDir).absoluteFilePath();
    return "perplexities/" +
           QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
}

QJsonObject toJson(const MeasuredPerplexity& m) {
    return {{"method", m.method},
            {"bits", m.bits},
            {"target", m.targetBits},
            {"average_bits", m.averageBits},
            {"ppl", m.ppl},
            {"eval_file", m.evalFile},
            {"eval_seqlen", m.evalSeqlen},
            {"nsamples", m.nsamples},
            {"calib_seqlen", m.calibSeqlen},
            {"kld_mean", m.kldMean},
            {"kld_median", m.kldMedian},
            {"kld_p99", m.kldP99},
            {"kld_max", m.kldMax},
            {"top1", m.top1},
            {"kld_tokens", m.kldTokens},
            {"eval_digest", m.evalDigest},
            {"eval_stride", m.evalStride},
            {"bos", m.bos},
            {"eval_text_tokens", m.evalTextTokens},
            {"eval_predicted_tokens", m.evalPredictedTokens}};
}

MeasuredPerplexity fromJson(const QJsonObject& o) {
    MeasuredPerplexity m;
    m.method = o["method"].toString();
    m.bits = o["bits"].toInt();
    m.targetBits = o["target"].toDouble();
    m.averageBits = o["average_bits"].toDouble();
    m.ppl = o["ppl"].toDouble();
    m.evalFile = o["eval_file"].toString();
    m.evalSeqlen = o["eval_seqlen"].toInteger();
    m.nsamples = o["nsamples"].toInt();
    m.calibSeqlen = o["calib_seqlen"].toInteger();
    m.kldMean = o["kld_mean"].toDouble();
    m.kldMedian = o["kld_median"].toDouble();
    m.kldP99 = o["kld_p99"].toDouble();
    m.kldMax = o["kld_max"].toDouble();
    m.top1 = o["top1"].toDouble();
    m.kldTokens = o["kld_tokens"].toInteger();
    m.evalDigest = o["eval_digest"].toString();
    m.evalStride = o["eval_stride"].toInteger();
    m.bos = o["bos"].toString();
    m.evalTextTokens = o["eval_text_tokens"].toInteger();
    m.evalPredictedTokens = o["eval_predicted_tokens"].toInteger();
    return m;
}

bool sameTarget(double a, double b) {
    return std::abs(a - b) < 1e-6;
}

bool sameSetting(const MeasuredPerplexity& a, const MeasuredPerplexity& b) {
    const bool calib =
        a.method == "fp" || a.method == "rtn" || (a.nsamples == b.nsamples && a.calibSeqlen == b.calibSeqlen);
    return a.method == b.method && a.bits == b.bits && sameTarget(a.targetBits, b.targetBits) &&
           a.evalFile == b.evalFile && a.evalSeqlen == b.evalSeqlen && calib;
}

QString number(double v) {
    return QString::number(v, 'f', 4);
}
} // namespace

QList<MeasuredPerplexity> recordedPerplexities(const QString& modelDir) {
    QList<MeasuredPerplexity> out;
    const QJsonArray a = QJsonDocument::fromJson(QSettings().value(key(modelDir)).toByteArray()).array();
    for (const auto& v : a) out.push_back(fromJson(v.toObject()));
    return out;
}

void recordPerplexities(const QString& modelDir, const QList<MeasuredPerplexity>& measured) {
    QList<MeasuredPerplexity> all = recordedPerplexities(modelDir);
    for (const MeasuredPerplexity& m : measured) {
        all.removeIf([&](const MeasuredPerplexity& old) { return sameSetting(old, m); });
        all.push_back(m);
    }
    QJsonArray a;
    for (const MeasuredPerplexity& m : all) a.append(toJson(m));
    QSettings().setValue(key(modelDir), QJsonDocument(a).toJson(QJsonDocument::Compact));
}

QList<MeasuredPerplexity> perplexitiesFor(const QString& modelDir, const QString& method, int bits,
                                          double targetBits, int nsamples, qint64 calibSeqlen) {
    QList<MeasuredPerplexity> quantized, reference;
    for (const MeasuredPerplexity& m : recordedPerplexities(modelDir)) {
        if (m.method == "fp")
            reference.push_back(m);
        else if (m.method == method && m.bits == bits && sameTarget(m.targetBits, targetBits) &&
                 (method == "rtn" || (m.nsamples == nsamples && m.calibSeqlen == calibSeqlen)))
            quantized.push_back(m);
    }
    // The float reference only where it was scored on the same data as a quantized row.
    QList<MeasuredPerplexity> out = quantized;
    for (const MeasuredPerplexity& fp : reference)
        for (const MeasuredPerplexity& q : quantized)
            if (fp.evalFile == q.evalFile && fp.evalSeqlen == q.evalSeqlen) {
                out.push_front(fp);
                break;
            }
    return out;
}

// The card is English like the rest of it (it is read on model hubs, not in the studio): no tr().
QString perplexitySection(const QList<MeasuredPerplexity>& measured, const QString& folderName) {
    QString md = "## Perplexity\n\n";
    if (measured.isEmpty()) {
        md += "No perplexity was measured for this model in OWQ Studio. Measure it with `owq ppl " +
              folderName + " --data eval.txt`.\n\n";
        return md;
    }
    md += "Measured by OWQ Studio's Compare page on the same source model with the same method, bits and "
          "calibration windows (each row quantized afresh from the float checkpoint):\n\n";
    md += "| model | bits/weight | perplexity | evaluation text | seqlen | calibration | KLD mean | KLD "
          "median | "
          "KLD p99 | KLD max | top-1 agreement |\n";
    md += "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
    QStringList protocols; // one line per evaluation text and window
    for (const MeasuredPerplexity& m : measured) {
        const bool fp = m.method == "fp";
        QString name =
            fp ? QString("full precision") : m.method.toUpper() + " " + QString::number(m.bits) + "-bit";
        if (m.targetBits > 0) name += ", target " + QString::number(m.targetBits);
        md += "| " + name + " | " + (fp ? QString("16") : number(m.averageBits)) + " | " + number(m.ppl) +
              " | `" + m.evalFile + "` | " + QString::number(m.evalSeqlen) + " | " +
              (fp || m.method == "rtn"
                   ? QString("-")
                   : QString::number(m.nsamples) + " x " + QString::number(m.calibSeqlen) + " tokens") +
              " | ";
        if (m.kldTokens > 0)
            md += QString::number(m.kldMean, 'f', 6) + " | " + QString::number(m.kldMedian, 'f', 6) + " | " +
                  QString::number(m.kldP99, 'f', 6) + " | " + QString::number(m.kldMax, 'f', 6) + " | " +
                  QString::number(m.top1, 'f', 2) + "% |\n";
        else
            md += fp ? "reference | | | | |\n" : "- | - | - | - | - |\n";
        if (!m.evalDigest.isEmpty()) {
            const QString line = "- `" + m.evalFile + "` (FNV-1a `" + m.evalDigest +
                                 "`): " + QString::number(m.evalTextTokens) + " tokens with BOS " + m.bos +
                                 ", non-overlapping windows of " + QString::number(m.evalSeqlen) +
                                 " tokens (stride " + QString::number(m.evalStride) + "), " +
                                 QString::number(m.evalPredictedTokens) + " tokens predicted";
            if (!protocols.contains(line)) protocols << line;
        }
    }
    md += "\n";
    if (!protocols.isEmpty())
        md +=
            "KL divergence: of each quantized model's next-token distribution from the full-precision "
            "model's, per predicted token; top-1 agreement: predicted tokens where both models' most likely "
            "next token is the same. Evaluation protocol (OWQ Studio's docs/EVALUATION.md):\n\n" +
            protocols.join("\n") + "\n\n";
    return md;
}

QString withPerplexitySection(const QString& card, const QString& section) {
    const qsizetype at = card.indexOf("## Perplexity\n");
    if (at >= 0) {
        qsizetype end = card.indexOf("\n## ", at + 1);
        end = end < 0 ? card.size() : end + 1;
        return card.left(at) + section + card.mid(end);
    }
    const qsizetype next = card.indexOf("\n## ");
    if (next >= 0) return card.left(next + 1) + section + card.mid(next + 1);
    return card + (card.endsWith("\n\n") ? "" : "\n") + section;
}
