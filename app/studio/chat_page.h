// Chat page: completion (the prompt continued) or chat (owq::ChatSession over the model's chat template,
// history kept until "New Chat") with the opened model, FP or packed; streaming tokens, Stop, sampling
// settings, tokens/s. Side by side: the same prompt answered by the opened float model and by the quantized
// model of the Quantize page (two transcripts, each with its own tokens/s; Stop ends both).
#pragma once

#include "studio_context.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QCheckBox;

class ChatPage : public QWidget {
    Q_OBJECT
public:
    ChatPage(const StudioContext& studio, QWidget* parent = nullptr);
    void send();
    void stop();
    // True when the opened model is float and the Quantize page holds a quantized model made from it.
    bool canCompare() const;

private:
    void updateSideBySide();
    void startTranscript(QPlainTextEdit* pane, const GenerationRequest& r);

    StudioContext studio_;
    bool haveModel_ = false;
    bool running_ = false;
    QString openedPath_;  // the opened model, when it is a float checkpoint
    QString quantSource_; // the folder the quantized model was made from
    QComboBox* mode_ = nullptr;
    QLabel* model_ = nullptr;
    QCheckBox* sideBySide_ = nullptr;
    QCheckBox* int8Activations_ = nullptr;
    QCheckBox* bf16KvCache_ = nullptr;
    QLabel* fpTitle_ = nullptr;
    QLabel* quantTitle_ = nullptr;
    QWidget* quantPane_ = nullptr;
    QPlainTextEdit* quantOutput_ = nullptr;
    QLabel* quantSpeed_ = nullptr;
    QPlainTextEdit* prompt_ = nullptr;
    QPlainTextEdit* output_ = nullptr;
    QDoubleSpinBox* temperature_ = nullptr;
    QSpinBox* topK_ = nullptr;
    QDoubleSpinBox* topP_ = nullptr;
    QDoubleSpinBox* repetition_ = nullptr;
    QSpinBox* maxTokens_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QPushButton* generate_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* newChat_ = nullptr;
    QLabel* speed_ = nullptr;
};
