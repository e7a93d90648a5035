// A layer x linear heatmap of weak columns (or bits per weight): where a bit budget goes. The Quantize page
// shows its plan (and, after a run, the counts the run used); Inspect shows the quantized model's.
#pragma once

#include "owq/quant_pipeline.h"

#include <QString>

#include <string>
#include <vector>

class QCustomPlot;
class QCPColorMap;

class AllocationHeatmap {
public:
    explicit AllocationHeatmap(QCustomPlot* plot);
    // values[layer][k] for linear kind kinds[k]; `what` labels the colour scale.
    void show(const std::vector<std::string>& kinds, const std::vector<std::vector<double>>& values,
              const QString& what);
    // Weak columns per layer x kind of a finished run.
    void showReport(const owq::QuantReport& report);
    void clear();
    const std::vector<std::string>& kinds() const { return kinds_; }
    const std::vector<std::vector<double>>& values() const { return values_; }
    QCustomPlot* plot() const { return plot_; }

private:
    QCustomPlot* plot_;
    QCPColorMap* map_ = nullptr;
    std::vector<std::string> kinds_;
    std::vector<std::vector<double>> values_;
};
