// Compare page: owq::runComparison (FP, RTN, OPTQ/GPTQ at chosen bits, OWQ at chosen targets) on an
// evaluation text, each quantized row also by its KL divergence from full precision and top-1 agreement
// (the protocol in the cells' tooltips), and with a multiple-choice task file by acc and acc_norm; the
// table and the perplexity- or KLD-vs-bits chart fill in as rows
// finish. Finished comparisons
// are cached per model and settings (QSettings), so asking again shows them at once. Copy as CSV/Markdown.
#pragma once

#include "studio_context.h"

#include <QWidget>

class PathEdit;
class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLineEdit;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

class ComparePage : public QWidget {
    Q_OBJECT
public:
    ComparePage(const StudioContext& studio, QWidget* parent = nullptr);
    void run();
    QString csv() const;
    QString markdown() const;
    int rows() const { return int(rows_.size()); }

private:
    void addRow(const owq::CompareRow& row);
    void redraw();
    QString cacheKey() const;
    // Keeps the rows shown for the model card of a later export (measured_perplexity.h).
    void recordRows() const;

    StudioContext studio_;
    bool haveModel_ = false;
    bool running_ = false;
    QString modelDir_;
    qint64 defaultSeqlen_ = 0; // what a sequence length of 0 means for the model (ModelConfig::defaultSeqlen)
    std::vector<owq::CompareRow> rows_;

    QCheckBox* fp_ = nullptr;
    QCheckBox* bits2_ = nullptr;
    QCheckBox* bits3_ = nullptr;
    QCheckBox* bits4_ = nullptr;
    QLineEdit* targets_ = nullptr;
    PathEdit* calib_ = nullptr;
    PathEdit* eval_ = nullptr;
    PathEdit* tasks_ = nullptr; // optional multiple-choice JSONL: the acc and acc_norm columns
    QSpinBox* nsamples_ = nullptr;
    QSpinBox* seqlen_ = nullptr;
    QSpinBox* evalSeqlen_ = nullptr;
    QComboBox* sampling_ = nullptr;   // calibration window sampling: uniform | reference
    QComboBox* allocation_ = nullptr; // OWQ rows: the reference rule, sensitivity, sensitivity + widths
    QCheckBox* useCache_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QLabel* state_ = nullptr;
    QTableWidget* table_ = nullptr;
    QComboBox* metric_ = nullptr; // what the chart plots: perplexity | mean KL divergence
    QCustomPlot* chart_ = nullptr;
};
