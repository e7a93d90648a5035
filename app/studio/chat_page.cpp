#include "chat_page.h"

#include "button_shortcut.h"
#include "persist_input.h"

#include "owq/kernels/packed_cpu.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace {
// A transcript column: an optional title, the read-only text and its tokens/s line.
QWidget* transcriptPane(QLabel* title, QPlainTextEdit* text, QLabel* speed) {
    auto* pane = new QWidget;
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(text, 1);
    layout->addWidget(speed);
    text->setReadOnly(true);
    return pane;
}
} // namespace

ChatPage::ChatPage(const StudioContext& studio, QWidget* parent) : QWidget(parent), studio_(studio) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    mode_ = new QComboBox;
    mode_->setObjectName("chatMode");
    mode_->addItems({tr("Completion"), tr("Chat")});
    model_ = new QLabel(tr("No model open."));
    model_->setObjectName("chatModel");
    sideBySide_ = new QCheckBox(tr("Side by side with the quantized model"));
    sideBySide_->setObjectName("sideBySide");
    newChat_ = new QPushButton(tr("New Chat"));
    newChat_->setObjectName("newChat");
    top->addWidget(new QLabel(tr("Mode")));
    top->addWidget(mode_);
    top->addWidget(model_, 1);
    top->addWidget(sideBySide_);
    top->addWidget(newChat_);
    layout->addLayout(top);

    output_ = new QPlainTextEdit;
    output_->setObjectName("output");
    speed_ = new QLabel;
    speed_->setObjectName("tokensPerSecond");
    fpTitle_ = new QLabel(tr("Full precision"));
    fpTitle_->setObjectName("fpTitle");
    quantOutput_ = new QPlainTextEdit;
    quantOutput_->setObjectName("outputQuantized");
    quantSpeed_ = new QLabel;
    quantSpeed_->setObjectName("tokensPerSecondQuantized");
    quantTitle_ = new QLabel;
    quantTitle_->setObjectName("quantTitle");
    auto* panes = new QSplitter(Qt::Horizontal);
    panes->addWidget(transcriptPane(fpTitle_, output_, speed_));
    quantPane_ = transcriptPane(quantTitle_, quantOutput_, quantSpeed_);
    panes->addWidget(quantPane_);
    layout->addWidget(panes, 1);
    prompt_ = new QPlainTextEdit;
    prompt_->setPlaceholderText(tr("Prompt (empty: start from the beginning-of-text token)"));
    prompt_->setObjectName("prompt");
    prompt_->setMaximumHeight(80);
    prompt_->setPlainText(QStringLiteral("Once upon a time"));
    layout->addWidget(prompt_);

    auto* grid = new QGridLayout;
    temperature_ = new QDoubleSpinBox;
    temperature_->setObjectName("temperature");
    temperature_->setRange(0.0, 2.0);
    temperature_->setSingleStep(0.1);
    temperature_->setValue(0.7);
    topK_ = new QSpinBox;
    topK_->setObjectName("topK");
    topK_->setRange(0, 1000);
    topK_->setValue(40);
    topK_->setSpecialValueText(tr("off"));
    topP_ = new QDoubleSpinBox;
    topP_->setObjectName("topP");
    topP_->setRange(0.05, 1.0);
    topP_->setSingleStep(0.05);
    topP_->setValue(0.95);
    repetition_ = new QDoubleSpinBox;
    repetition_->setObjectName("repetitionPenalty");
    repetition_->setRange(1.0, 2.0);
    repetition_->setSingleStep(0.05);
    repetition_->setValue(1.0);
    maxTokens_ = new QSpinBox;
    maxTokens_->setObjectName("maxTokens");
    maxTokens_->setRange(1, 4096);
    maxTokens_->setValue(200);
    seed_ = new QSpinBox;
    seed_->setObjectName("seed");
    seed_->setRange(0, 1 << 30);
    int8Activations_ = new QCheckBox(tr("8-bit activations"));
    int8Activations_->setObjectName("int8Activations");
    // Only the avx512vnni kernels take integer products; elsewhere the box would change nothing.
    const bool int8Runs = owq::kernels::roundsActivations(owq::kernels::detectPackedCpuIsa());
    int8Activations_->setEnabled(int8Runs);
    int8Activations_->setToolTip(
        int8Runs
            ? tr("Packed models: round activations to 8 bits per 128 columns (as llama.cpp does) instead "
                 "of 15, for a faster decode whose outputs differ a little more from the float model's")
            : tr("Needs a CPU with AVX-512 VNNI and VBMI (the avx512vnni kernels); this one runs %1")
                  .arg(QString::fromLatin1(owq::kernels::cpuIsaName(owq::kernels::detectPackedCpuIsa()))));
    bf16KvCache_ = new QCheckBox(tr("16-bit KV cache"));
    bf16KvCache_->setObjectName("bf16KvCache");
    bf16KvCache_->setToolTip(tr("Keep past keys and values in bfloat16: half the memory, and a faster decode "
                                "at long contexts; each value rounded to 8 significant bits"));
    grid->addWidget(new QLabel(tr("Temperature")), 0, 0);
    grid->addWidget(temperature_, 0, 1);
    grid->addWidget(new QLabel(tr("Top-k")), 0, 2);
    grid->addWidget(topK_, 0, 3);
    grid->addWidget(new QLabel(tr("Top-p")), 0, 4);
    grid->addWidget(topP_, 0, 5);
    grid->addWidget(new QLabel(tr("Repetition penalty")), 1, 0);
    grid->addWidget(repetition_, 1, 1);
    grid->addWidget(new QLabel(tr("Max tokens")), 1, 2);
    grid->addWidget(maxTokens_, 1, 3);
    grid->addWidget(new QLabel(tr("Seed")), 1, 4);
    grid->addWidget(seed_, 1, 5);
    grid->addWidget(int8Activations_, 2, 0, 1, 2);
    grid->addWidget(bf16KvCache_, 2, 2, 1, 2);
    layout->addLayout(grid);

    auto* row = new QHBoxLayout;
    generate_ = new QPushButton(tr("&Generate"));
    generate_->setObjectName("generate");
    addButtonShortcut(generate_, QKeySequence(Qt::CTRL | Qt::Key_Return), tr("Answer the prompt"));
    generate_->setEnabled(false);
    stop_ = new QPushButton(tr("&Stop"));
    stop_->setObjectName("stop");
    stop_->setEnabled(false);
    row->addWidget(generate_);
    row->addWidget(stop_);
    row->addStretch(1);
    layout->addLayout(row);

    connect(generate_, &QPushButton::clicked, this, &ChatPage::send);
    connect(stop_, &QPushButton::clicked, this, &ChatPage::stop);
    auto newChat = [this] {
        output_->clear();
        quantOutput_->clear();
        ModelService* service = studio_.model;
        post(service, [service] { service->resetChat(); });
    };
    connect(newChat_, &QPushButton::clicked, this, newChat);
    // Both conversations start together, so the two models always answer the same history.
    connect(sideBySide_, &QCheckBox::toggled, this, newChat);
    connect(mode_, &QComboBox::currentIndexChanged, this, [this](int mode) {
        generate_->setText(mode == 1 ? tr("&Send") : tr("&Generate"));
        prompt_->setPlaceholderText(mode == 1 ? tr("Your message")
                                              : tr("Prompt (empty: start from the beginning-of-text token)"));
    });
    connect(studio_.model, &ModelService::modelOpened, this, [this](const ModelSummary& s) {
        haveModel_ = true;
        openedPath_ = s.quantization.isEmpty() ? QFileInfo(s.path).canonicalFilePath() : QString();
        output_->clear();
        quantOutput_->clear();
        model_->setText(
            tr("%1 (%2; chat template: %3)")
                .arg(QFileInfo(s.path).fileName(), s.quantization.isEmpty() ? tr("float") : s.quantization,
                     s.chatFallback.isEmpty() ? s.chatFormat
                                              : tr("%1, the model's own cannot be used").arg(s.chatFormat)));
        updateSideBySide();
    });
    // The quantized model goes to ModelService (queued, worker to worker) for side-by-side answers; this
    // page is their only user.
    connect(studio_.quant, &QuantService::modelChanged, studio_.model, &ModelService::setQuantizedModel);
    connect(studio_.quant, &QuantService::quantized, this, [this](const QuantReportPtr& report) {
        quantSource_ = QFileInfo(QString::fromStdString(report->model)).canonicalFilePath();
        quantTitle_->setText(tr("Quantized: %1 %2-bit, %3 bits/weight")
                                 .arg(QString::fromLatin1(owq::methodName(report->recipe.method)).toUpper())
                                 .arg(report->recipe.quantizer.bits)
                                 .arg(report->averageBits, 0, 'f', 2));
        updateSideBySide();
    });
    connect(studio_.quant, &QuantService::cleared, this, [this] {
        quantSource_.clear();
        updateSideBySide();
    });
    connect(sideBySide_, &QCheckBox::toggled, this, &ChatPage::updateSideBySide);
    connect(studio_.model, &ModelService::tokenText, this, [this](int lane, const QString& text) {
        if (!running_) return;
        QPlainTextEdit* pane = lane == 0 ? output_ : quantOutput_;
        pane->moveCursor(QTextCursor::End);
        pane->insertPlainText(text);
    });
    connect(studio_.model, &ModelService::generationFinished, this,
            [this](int lane, int tokens, double tps, const QString& why, const QString& kernels,
                   int promptTokens, double promptTps) {
                QLabel* speed = lane == 0 ? speed_ : quantSpeed_;
                speed->setText(
                    tr("%1 tokens, %2 tokens/s on %4 (stopped: %3)")
                        .arg(tokens)
                        .arg(tps, 0, 'f', 1)
                        .arg(why, kernels) +
                    "; " + tr("prompt %1 tokens at %2 tokens/s").arg(promptTokens).arg(promptTps, 0, 'f', 1));
                emit studio_.busy->status(speed->text());
            });
    connect(studio_.busy, &BusyState::jobEnded, this, [this](JobBridge* job) {
        if (!running_ || job != studio_.model->job()) return;
        running_ = false;
        stop_->setEnabled(false);
    });
    connect(studio_.busy, &BusyState::changed, this, [this](bool busy) {
        generate_->setEnabled(!busy && haveModel_);
        sideBySide_->setEnabled(!busy && canCompare());
    });
    updateSideBySide();
    // The last session's sampling settings.
    persistInput(temperature_, "chat/temperature");
    persistInput(topK_, "chat/topK");
    persistInput(topP_, "chat/topP");
    persistInput(repetition_, "chat/repetitionPenalty");
    persistInput(maxTokens_, "chat/maxTokens");
    persistInput(seed_, "chat/seed");
    persistInput(int8Activations_, "chat/int8Activations");
    persistInput(bf16KvCache_, "chat/bf16KvCache");
}

bool ChatPage::canCompare() const {
    return !openedPath_.isEmpty() && openedPath_ == quantSource_;
}

void ChatPage::updateSideBySide() {
    const bool can = canCompare();
    if (!can) sideBySide_->setChecked(false);
    sideBySide_->setEnabled(can && !studio_.busy->busy());
    sideBySide_->setToolTip(can ? tr("Answer with the float model, then with its quantized version")
                                : tr("Needs the float model open and a quantized model of it from the "
                                     "Quantize page"));
    const bool on = sideBySide_->isChecked();
    quantPane_->setVisible(on);
    fpTitle_->setVisible(on);
}

void ChatPage::startTranscript(QPlainTextEdit* pane, const GenerationRequest& r) {
    if (r.chat) {
        pane->moveCursor(QTextCursor::End);
        if (!pane->toPlainText().isEmpty()) pane->insertPlainText("\n\n");
        pane->insertPlainText(tr("You: %1").arg(r.prompt) + "\n" + tr("Model: "));
    } else
        pane->setPlainText(r.prompt);
}

void ChatPage::send() {
    if (!haveModel_ || running_) return;
    GenerationRequest r;
    r.prompt = prompt_->toPlainText();
    r.chat = mode_->currentIndex() == 1;
    r.temperature = temperature_->value();
    r.topK = topK_->value();
    r.topP = topP_->value();
    r.repetitionPenalty = repetition_->value();
    r.maxTokens = maxTokens_->value();
    r.seed = quint64(seed_->value());
    r.sideBySide = sideBySide_->isChecked() && canCompare();
    r.int8Activations = int8Activations_->isEnabled() && int8Activations_->isChecked();
    r.bf16KvCache = bf16KvCache_->isChecked();
    if (!studio_.busy->begin(studio_.model->job(), tr("Generating"))) return;
    running_ = true;
    stop_->setEnabled(true);
    speed_->clear();
    quantSpeed_->clear();
    startTranscript(output_, r);
    if (r.sideBySide) startTranscript(quantOutput_, r);
    if (r.chat) prompt_->clear();
    ModelService* service = studio_.model;
    post(service, [service, r] { service->generate(r); });
}

void ChatPage::stop() {
    if (running_) studio_.busy->cancel();
}
