#include "chat_page.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

ChatPage::ChatPage(const StudioContext& studio, QWidget* parent) : QWidget(parent), studio_(studio) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    mode_ = new QComboBox;
    mode_->setObjectName("chatMode");
    mode_->addItems({tr("Completion"), tr("Chat")});
    model_ = new QLabel(tr("No model open."));
    model_->setObjectName("chatModel");
    newChat_ = new QPushButton(tr("New Chat"));
    newChat_->setObjectName("newChat");
    top->addWidget(new QLabel(tr("Mode")));
    top->addWidget(mode_);
    top->addWidget(model_, 1);
    top->addWidget(newChat_);
    layout->addLayout(top);

    output_ = new QPlainTextEdit;
    output_->setObjectName("output");
    output_->setReadOnly(true);
    layout->addWidget(output_, 1);
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
    layout->addLayout(grid);

    auto* row = new QHBoxLayout;
    generate_ = new QPushButton(tr("&Generate"));
    generate_->setObjectName("generate");
    generate_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    generate_->setEnabled(false);
    stop_ = new QPushButton(tr("&Stop"));
    stop_->setObjectName("stop");
    stop_->setEnabled(false);
    speed_ = new QLabel;
    speed_->setObjectName("tokensPerSecond");
    row->addWidget(generate_);
    row->addWidget(stop_);
    row->addWidget(speed_, 1);
    layout->addLayout(row);

    connect(generate_, &QPushButton::clicked, this, &ChatPage::send);
    connect(stop_, &QPushButton::clicked, this, &ChatPage::stop);
    connect(newChat_, &QPushButton::clicked, this, [this] {
        output_->clear();
        ModelService* service = studio_.model;
        post(service, [service] { service->resetChat(); });
    });
    connect(mode_, &QComboBox::currentIndexChanged, this, [this](int mode) {
        generate_->setText(mode == 1 ? tr("&Send") : tr("&Generate"));
        prompt_->setPlaceholderText(mode == 1 ? tr("Your message")
                                              : tr("Prompt (empty: start from the beginning-of-text token)"));
    });
    connect(studio_.model, &ModelService::modelOpened, this, [this](const ModelSummary& s) {
        haveModel_ = true;
        output_->clear();
        model_->setText(tr("%1 (%2; chat template: %3)")
                            .arg(QFileInfo(s.path).fileName(),
                                 s.quantization.isEmpty() ? tr("float") : s.quantization, s.chatFormat));
    });
    connect(studio_.model, &ModelService::tokenText, this, [this](const QString& text) {
        if (!running_) return;
        output_->moveCursor(QTextCursor::End);
        output_->insertPlainText(text);
    });
    connect(studio_.model, &ModelService::generationFinished, this,
            [this](int tokens, double tps, const QString& why) {
                speed_->setText(
                    tr("%1 tokens, %2 tokens/s (stopped: %3)").arg(tokens).arg(tps, 0, 'f', 1).arg(why));
                emit studio_.busy->status(speed_->text());
            });
    connect(studio_.busy, &BusyState::jobEnded, this, [this](JobBridge* job) {
        if (!running_ || job != studio_.model->job()) return;
        running_ = false;
        stop_->setEnabled(false);
    });
    connect(studio_.busy, &BusyState::changed, this,
            [this](bool busy) { generate_->setEnabled(!busy && haveModel_); });
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
    if (!studio_.busy->begin(studio_.model->job(), tr("Generating"))) return;
    running_ = true;
    stop_->setEnabled(true);
    speed_->clear();
    if (r.chat) {
        output_->moveCursor(QTextCursor::End);
        if (!output_->toPlainText().isEmpty()) output_->insertPlainText("\n\n");
        output_->insertPlainText(tr("You: %1").arg(r.prompt) + "\n" + tr("Model: "));
        prompt_->clear();
    } else
        output_->setPlainText(r.prompt);
    ModelService* service = studio_.model;
    post(service, [service, r] { service->generate(r); });
}

void ChatPage::stop() {
    if (running_) studio_.busy->cancel();
}
