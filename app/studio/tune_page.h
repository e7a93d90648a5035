// Tune page: weak column tuning (docs/TUNING.md) of the packed model open in the studio or a chosen packed
// folder, through TuneService. Before running it shows core's figures for the run (trainable parameters
// against full fine-tuning and a LoRA of equal size, peak training memory); while running, a live chart of
// the training loss per step and the held-out loss at each evaluation, progress, elapsed/remaining time and
// a log; Cancel leaves no output folder; at the end a summary and a button that opens the tuned model.
#pragma once

#include "studio_context.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class PathEdit;
class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

class TunePage : public QWidget {
    Q_OBJECT
public:
    TunePage(const StudioContext& studio, QWidget* parent = nullptr);
    // The options the controls describe (data files, optimisation, checkpoints).
    owq::TuneOptions options() const;
    // Starts a run; refuses (false, with a message) without a model, data or an empty output folder.
    bool run();
    void cancel();
    bool isRunning() const { return running_; }
    QString lastOutput() const { return lastOutput_; }
    // The last finished run (null before one, after a failed or cancelled one).
    TuneResultPtr result() const { return result_; }

signals:
    void openRequested(const QString& dir);

private:
    void requestEstimate();
    void showEstimate(int tag, const owq::TuneMemoryEstimate& m);
    void addStep(const owq::TuneStep& s);
    void onProgress(const QString& stage, qint64 done, qint64 total, const QString& message);
    void finished(bool ok, bool cancelled, const QString& message);
    void clearChart();
    void updateTimes();
    void setRunning(bool running);
    void refuse(const QString& message);
    void log(const QString& line);

    StudioContext studio_;
    TuneService* service_;
    bool running_ = false;
    int estimateTag_ = 0;
    QString outDir_, loraDir_, lastOutput_;
    TuneResultPtr result_;

    PathEdit* model_ = nullptr;
    PathEdit* data_ = nullptr;
    QComboBox* format_ = nullptr;
    PathEdit* eval_ = nullptr;
    QSpinBox* steps_ = nullptr;
    QDoubleSpinBox* lr_ = nullptr;
    QSpinBox* warmup_ = nullptr;
    QComboBox* schedule_ = nullptr;
    QSpinBox* batch_ = nullptr;
    QSpinBox* seqlen_ = nullptr;
    QSpinBox* accum_ = nullptr;
    QDoubleSpinBox* clip_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QSpinBox* extraWeak_ = nullptr;
    QSpinBox* evalEvery_ = nullptr;
    QSpinBox* saveEvery_ = nullptr;
    PathEdit* resume_ = nullptr;
    PathEdit* out_ = nullptr;
    PathEdit* loraOut_ = nullptr;
    QTableWidget* memory_ = nullptr;
    QLabel* params_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* stage_ = nullptr;
    QLabel* times_ = nullptr;
    QCustomPlot* chart_ = nullptr;
    QPlainTextEdit* log_ = nullptr;
    QLabel* summary_ = nullptr;
    QPushButton* open_ = nullptr;

    QTimer estimateTimer_;
    QTimer tick_;
    QElapsedTimer clock_;
    qint64 done_ = 0, total_ = 0, firstDone_ = -1;
    qint64 firstDoneMs_ = 0;
};
