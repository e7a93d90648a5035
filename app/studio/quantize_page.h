// Quantize page: method, bits, bit budget (target bits or weak columns, with the resulting weak columns per
// linear kind and the achieved bits/weight shown live from the opened model's config), quantizer and
// calibration settings, presets for the paper's 3.01 and 4.01 bits; runs owq::quantizeModel through
// QuantService with progress, elapsed/remaining time, a log and Cancel.
#pragma once

#include "studio_context.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <memory>

class AllocationHeatmap;
class PathEdit;
class QCustomPlot;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QTableWidget;

class QuantizePage : public QWidget {
    Q_OBJECT
public:
    QuantizePage(const StudioContext& studio, QWidget* parent = nullptr);
    // The recipe the controls describe.
    owq::QuantRecipe recipe() const;
    void run();
    void cancel();
    bool hasResult() const { return haveResult_; }
    // Presets: 0 custom, 1 OWQ 3.01 bits, 2 OWQ 4.01 bits (the paper's settings).
    void applyPreset(int preset);
    // The plan heatmap (layer x linear weak columns): the plan before a run, the run's counts after it.
    const AllocationHeatmap& planHeatmap() const { return *heatmap_; }

private:
    void setModel(const ModelSummary& s);
    void methodChanged();
    void updatePlan();
    void onProgress(const QString& stage, qint64 done, qint64 total, const QString& message);
    void updateTimes();
    void setRunning(bool running);
    void log(const QString& line);

    StudioContext studio_;
    bool haveModel_ = false;
    bool haveResult_ = false;
    bool running_ = false;
    ModelSummary model_;

    QComboBox* preset_ = nullptr;
    QComboBox* method_ = nullptr;
    QComboBox* bits_ = nullptr;
    QComboBox* budgetMode_ = nullptr;
    QComboBox* allocation_ = nullptr; // owq::Allocation: the reference rule or sensitivity
    QSlider* targetSlider_ = nullptr;
    QDoubleSpinBox* target_ = nullptr;
    QSpinBox* weak_ = nullptr;
    QSpinBox* groupSize_ = nullptr;
    QCheckBox* actOrder_ = nullptr;
    QCheckBox* clipSearch_ = nullptr;
    QComboBox* scale_ = nullptr;
    PathEdit* calib_ = nullptr;
    QSpinBox* nsamples_ = nullptr;
    QSpinBox* seqlen_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QComboBox* sampling_ = nullptr; // calibration window sampling: uniform | reference
    QComboBox* head_ = nullptr;     // owq::HeadFormat of the saved packed model
    QTableWidget* plan_ = nullptr;
    QCustomPlot* planPlot_ = nullptr;
    std::shared_ptr<AllocationHeatmap> heatmap_;
    QLabel* achieved_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QLabel* stage_ = nullptr;
    QProgressBar* layerProgress_ = nullptr;
    QProgressBar* overall_ = nullptr;
    QLabel* times_ = nullptr;
    QPlainTextEdit* log_ = nullptr;
    QLabel* result_ = nullptr;

    QElapsedTimer clock_;
    QElapsedTimer stageClock_;
    QString lastStage_;
    qint64 done_ = 0, total_ = 0;
    QTimer tick_;
};
