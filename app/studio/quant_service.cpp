#include "quant_service.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include "owq/engine.h"
#include "owq/error.h"
#include "owq/text_file.h"

#if __has_include("owq/export.h")
#include "owq/export.h"
#define OWQ_STUDIO_HAVE_EXPORT 1
#endif

QuantService::QuantService(QObject* parent) : QObject(parent), job_(new JobBridge(this)) {
    qRegisterMetaType<QuantRequest>();
    qRegisterMetaType<ExportRequest>();
    qRegisterMetaType<QuantReportPtr>();
}

QuantService::~QuantService() = default;

QStringList QuantService::exportFormats() {
    QStringList formats{"packed", "fake"};
#ifdef OWQ_STUDIO_HAVE_EXPORT
    formats << "hf"
            << "gptq+lora";
#endif
    return formats;
}

void QuantService::clear() {
    model_.reset();
    report_.reset();
    emit modelChanged(nullptr);
    emit cleared();
}

void QuantService::quantize(const QuantRequest& request) {
    // The previous result goes first: a failed or cancelled run leaves a clean state, never a stale model.
    model_.reset();
    report_.reset();
    emit modelChanged(nullptr);
    emit cleared();
    job_->run(tr("Quantizing %1").arg(request.modelDir), [&] {
        const owq::QuantRecipe& r = request.recipe;
        emit log(tr("Recipe: %1").arg(QString::fromStdString(r.toJson())));
        const std::string calib = owq::readTextFile(request.calibrationFile.toStdString());
        owq::LoadOptions load;
        load.deferLayers = true;
        auto model = owq::LanguageModel::open(request.modelDir.toStdString(), load, job_->context());
        auto report =
            std::make_shared<owq::QuantReport>(owq::quantizeModel(*model, calib, r, job_->context()));
        emit log(tr("Done: %1 bits/weight, %2 weak columns, %3 calibration tokens, %4 s")
                     .arg(report->averageBits, 0, 'f', 4)
                     .arg(report->weakColumnsTotal)
                     .arg(report->calibrationTokens)
                     .arg(report->seconds, 0, 'f', 1));
        model_ = std::move(model);
        report_ = report;
        emit modelChanged(model_);
        emit quantized(report_);
    });
}

namespace {

qint64 folderBytes(const QString& dir) {
    qint64 bytes = 0;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) bytes += QFileInfo(it.next()).size();
    return bytes;
}

// A model card for the folders core does not write one for (packed, fake).
void writeModelCard(const QString& dir, const owq::QuantReport& rep, const QString& format,
                    const QString& perplexity) {
    const QString path = dir + "/README.md";
    if (QFileInfo::exists(path)) return;
    const owq::QuantRecipe& r = rep.recipe;
    QString card;
    card += "# " + QFileInfo(QString::fromStdString(rep.model)).fileName() + " (" +
            QString::fromLatin1(owq::methodName(r.method)).toUpper() + ", " +
            QString::number(r.quantizer.bits) + "-bit)\n\n";
    card += "Quantized with OWQ Studio from `" + QString::fromStdString(rep.model) + "`.\n\n";
    card += "| setting | value |\n| --- | --- |\n";
    card += "| format | " + format + " |\n";
    card += "| method | " + QString::fromLatin1(owq::methodName(r.method)) + " |\n";
    card += "| base bits | " + QString::number(r.quantizer.bits) + " |\n";
    if (r.targetBits > 0) card += "| target bits | " + QString::number(r.targetBits) + " |\n";
    card += "| achieved bits/weight | " + QString::number(rep.averageBits, 'f', 4) + " |\n";
    card += "| weak columns | " + QString::number(rep.weakColumnsTotal) + " |\n";
    card += "| group size | " + QString::number(r.quantizer.groupSize) + " |\n";
    card += "| act-order | " + QString(r.gptq.actOrder ? "yes" : "no") + " |\n";
    if (r.gptq.clipSearch) card += "| clip search | yes (per row, the least layer loss of 5 solves) |\n";
    card += "| scale search | " + QString(r.quantizer.mse ? "mse" : "min-max") + " |\n";
    if (r.head != owq::HeadFormat::Source)
        card += "| LM head | " + QString::fromLatin1(owq::headFormatName(r.head)) + " |\n";
    card += "| calibration | " + QString::number(r.nsamples) + " x " + QString::number(r.seqlen) +
            " tokens, seed " + QString::number(r.seed) + ", " +
            QString::fromLatin1(owq::samplingName(r.sampling)) + " sampling |\n";
    card += "\n" + perplexity;
    card += "The full recipe and per-linear diagnostics are in `owq_diagnostics.json`.\n";
    owq::writeFileAtomic(path.toStdString(), card.toStdString());
}

} // namespace

void QuantService::exportModel(const ExportRequest& request) {
    job_->run(tr("Exporting to %1").arg(request.dir), [&] {
        if (!model_ || !report_)
            throw owq::Error(owq::ErrorKind::InvalidArgument, tr("Quantize a model first.").toStdString());
        const QString target = QFileInfo(request.dir).absoluteFilePath();
        const bool occupied = QFileInfo(target).isDir() && !QDir(target).isEmpty();
        if (occupied && !request.replace)
            throw owq::Error(owq::ErrorKind::InvalidArgument,
                             tr("%1 already exists and is not empty").arg(target).toStdString());
        // Written next to the target and moved into place only when complete, so a failure or a cancel never
        // touches an existing folder.
        const QString staging = target + ".owq-studio-new";
        QDir(staging).removeRecursively();
        const std::string out = staging.toStdString();
        const QString perplexity = perplexitySection(request.perplexities, QFileInfo(target).fileName());
        job_->context().checkCancel("export");
        if (request.format == "packed") {
            owq::savePacked(*model_, *report_, out);
            writeModelCard(staging, *report_,
                           report_->recipe.head == owq::HeadFormat::Int8 ? "owq packed v2" : "owq packed v1",
                           perplexity);
        } else if (request.format == "fake") {
            owq::saveFakeQuantized(*model_, *report_, out);
            writeModelCard(staging, *report_, "fake-quantized float32", perplexity);
        }
#ifdef OWQ_STUDIO_HAVE_EXPORT
        else if (request.format == "hf" || request.format == "gptq+lora") {
            // The exporters read a packed OWQ folder: write one aside, export from it, remove it.
            const QString packed = target + ".owq-studio-packed";
            QDir(packed).removeRecursively();
            owq::savePacked(*model_, *report_, packed.toStdString());
            try {
                owq::ExportOptions o;
                o.format = owq::parseExportFormat(request.format.toStdString());
                o.denseFallback = true;
                owq::exportModelFolder(packed.toStdString(), out, o, job_->context());
            } catch (...) {
                QDir(packed).removeRecursively();
                throw;
            }
            QDir(packed).removeRecursively();
            // Core's card knows only the diagnostics; the studio adds what it measured.
            if (!request.perplexities.isEmpty()) {
                const std::string readme = out + "/README.md";
                const QString card = QString::fromStdString(owq::readTextFile(readme));
                owq::writeFileAtomic(readme, withPerplexitySection(card, perplexity).toStdString());
            }
        }
#endif
        else
            throw owq::Error(owq::ErrorKind::InvalidArgument,
                             tr("Unknown export format %1").arg(request.format).toStdString());
        if (occupied && !QDir(target).removeRecursively())
            throw owq::Error(owq::ErrorKind::Io, tr("Cannot replace %1").arg(target).toStdString());
        if (QFileInfo(target).isDir()) QDir().rmdir(target); // an empty folder the user chose
        if (!QDir().rename(staging, target))
            throw owq::Error(owq::ErrorKind::Io,
                             tr("Cannot move %1 to %2").arg(staging, target).toStdString());
        emit log(tr("Exported %1 to %2").arg(request.format, target));
        emit exported(target, request.format, folderBytes(target));
    });
}
