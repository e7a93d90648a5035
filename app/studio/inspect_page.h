// Inspect page: every quantized linear as a bar (grouped by decoder layer, coloured by linear kind) of a
// chosen metric from the QuantReport; clicking a bar (or choosing the linear) shows that linear's column
// Hessian diagonal with its weak columns highlighted (log scale, natural or sorted order, hover tooltip).
// Either plot saves as PNG, PDF or SVG. A layer x linear heatmap shows the weak columns per linear.
#pragma once

#include "studio_context.h"

#include <QWidget>

#include <memory>

class AllocationHeatmap;
class QCPBars;
class QCustomPlot;
class QCheckBox;
class QComboBox;
class QLabel;

class InspectPage : public QWidget {
    Q_OBJECT
public:
    InspectPage(const StudioContext& studio, QWidget* parent = nullptr);
    void setReport(const QuantReportPtr& report);
    void clear();
    void selectLinear(int index);
    int selectedLinear() const { return selected_; }
    // Saves a plot ("bars" or "columns") by the file's extension: .png or .pdf.
    bool savePlot(const QString& which, const QString& file);
    QCustomPlot* barPlot() const { return bars_; }
    QCustomPlot* columnPlot() const { return columns_; }
    // Weak columns per layer x linear of the report (where the allocation put the bits).
    const AllocationHeatmap& allocationHeatmap() const { return *heatmap_; }

private:
    void drawBars();
    void drawColumns();
    void hover(QMouseEvent* event);
    void chooseAndSave(const QString& which);

    StudioContext studio_;
    QuantReportPtr report_;
    int selected_ = -1;
    std::vector<std::vector<int>> barLinear_; // per kind plottable: data index -> linear index
    std::vector<int> columnOfPoint_;          // column plot: point index -> input column

    QComboBox* metric_ = nullptr;
    QCheckBox* barLog_ = nullptr;
    QComboBox* linear_ = nullptr;
    QComboBox* order_ = nullptr;
    QCheckBox* columnLog_ = nullptr;
    QLabel* details_ = nullptr;
    QCustomPlot* bars_ = nullptr;
    QCustomPlot* columns_ = nullptr;
    QCustomPlot* allocation_ = nullptr;
    std::shared_ptr<AllocationHeatmap> heatmap_;
};
