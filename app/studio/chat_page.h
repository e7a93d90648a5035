// Chat page: completion (the prompt continued) or chat (owq::ChatSession over the model's chat template,
// history kept until "New Chat") with the opened model, FP or packed; streaming tokens, Stop, sampling
// settings, tokens/s.
#pragma once

#include "studio_context.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

class ChatPage : public QWidget {
    Q_OBJECT
public:
    ChatPage(const StudioContext& studio, QWidget* parent = nullptr);
    void send();
    void stop();

private:
    StudioContext studio_;
    bool haveModel_ = false;
    bool running_ = false;
    QComboBox* mode_ = nullptr;
    QLabel* model_ = nullptr;
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
