#include "export_page.h"

#include "button_shortcut.h"
#include "path_edit.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

ExportPage::ExportPage(const StudioContext& studio, QWidget* parent) : QWidget(parent), studio_(studio) {
    auto* layout = new QVBoxLayout(this);
    state_ = new QLabel;
    state_->setObjectName("exportState");
    state_->setWordWrap(true);
    layout->addWidget(state_);

    auto* box = new QGroupBox(tr("Export the quantized model"));
    auto* form = new QFormLayout(box);
    format_ = new QComboBox;
    format_->setObjectName("exportFormat");
    for (const QString& f : QuantService::exportFormats()) {
        QString text;
        if (f == "packed")
            text = tr("OWQ packed (owq-studio, owq; docs/FORMAT.md)");
        else if (f == "fake")
            text = tr("Fake-quantized float32 (any Hugging Face loader)");
        else if (f == "hf")
            text = tr("Hugging Face float16 (dequantized)");
        else if (f == "gptq+lora")
            text = tr("GPTQ checkpoint + LoRA adapter for the weak columns");
        else
            text = f;
        format_->addItem(text, f);
    }
    form->addRow(tr("Format"), format_);
    folder_ = new PathEdit(PathEdit::Folder, "export/folder", tr("Export Folder"));
    folder_->setObjectName("exportFolder");
    form->addRow(tr("Folder"), folder_);
    auto* note =
        new QLabel(tr("The folder must be new or empty; an existing folder is replaced only after you "
                      "confirm. A model card (README.md) and owq_diagnostics.json are written with "
                      "the model."));
    note->setWordWrap(true);
    form->addRow(note);
    layout->addWidget(box);

    auto* buttons = new QHBoxLayout;
    export_ = new QPushButton(tr("&Export"));
    export_->setObjectName("exportButton");
    addButtonShortcut(export_, QKeySequence(Qt::CTRL | Qt::Key_E), tr("Export the quantized model"));
    open_ = new QPushButton(tr("Open the Export in the Model Page"));
    open_->setObjectName("openExport");
    open_->setEnabled(false);
    buttons->addWidget(export_);
    buttons->addWidget(open_);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    result_ = new QLabel;
    result_->setObjectName("exportResult");
    result_->setWordWrap(true);
    result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(result_);
    layout->addStretch(1);

    connect(export_, &QPushButton::clicked, this, &ExportPage::exportNow);
    connect(open_, &QPushButton::clicked, this, [this] {
        if (!lastExport_.isEmpty()) emit openRequested(lastExport_);
    });
    connect(studio_.quant, &QuantService::quantized, this, [this](const QuantReportPtr& report) {
        report_ = report;
        haveResult_ = true;
        updateState();
    });
    connect(studio_.quant, &QuantService::cleared, this, [this] {
        report_.reset();
        haveResult_ = false;
        updateState();
    });
    connect(studio_.quant, &QuantService::exported, this,
            [this](const QString& dir, const QString& format, qint64 bytes) {
                lastExport_ = dir;
                open_->setEnabled(format != "gptq+lora"); // the studio reads packed, fake and hf folders
                result_->setText(
                    tr("Wrote %1 (%2, %3)").arg(dir, format, QLocale().formattedDataSize(bytes)));
            });
    connect(studio_.busy, &BusyState::changed, this, &ExportPage::updateState);
    updateState();
}

void ExportPage::setFolder(const QString& dir) {
    folder_->setPath(dir);
}

void ExportPage::updateState() {
    export_->setEnabled(haveResult_ && !studio_.busy->busy());
    state_->setText(haveResult_ ? tr("A quantized model is ready to export.")
                                : tr("Nothing to export yet: quantize a model on the Quantize page first."));
}

bool ExportPage::exportNow() {
    if (!haveResult_) return false;
    const QString dir = folder_->path();
    if (dir.isEmpty()) {
        QMessageBox::information(this, tr("Export"), tr("Choose an export folder first."));
        return false;
    }
    ExportRequest request{QFileInfo(dir).absoluteFilePath(), format_->currentData().toString(), false};
    if (QFileInfo(dir).exists() && !QFileInfo(dir).isDir()) {
        QMessageBox::warning(this, tr("Export"), tr("%1 is a file, not a folder.").arg(dir));
        return false;
    }
    if (QFileInfo(dir).isDir() && !QDir(dir).isEmpty()) {
        const auto answer = QMessageBox::question(
            this, tr("Replace Folder?"),
            tr("%1 already exists and is not empty. Replace its contents with the export?").arg(dir),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) return false;
        request.replace = true;
    }
    if (report_) {
        const owq::QuantReport& rep = *report_;
        const owq::QuantRecipe& r = rep.recipe;
        // The calibration window length as run (reports carry it resolved; older ones may say 0, the default).
        const qint64 calibSeqlen = r.seqlen > 0 ? r.seqlen : rep.calibrationTokens / std::max(1, r.nsamples);
        request.perplexities =
            perplexitiesFor(QString::fromStdString(rep.model), QString::fromLatin1(owq::methodName(r.method)),
                            r.quantizer.bits, r.targetBits, r.nsamples, calibSeqlen);
    }
    if (!studio_.busy->begin(studio_.quant->job(), tr("Exporting to %1").arg(dir))) return false;
    result_->clear();
    QuantService* service = studio_.quant;
    post(service, [service, request] { service->exportModel(request); });
    return true;
}
