#include "allocation_heatmap.h"

#include <qcustomplot.h>

#include <algorithm>

AllocationHeatmap::AllocationHeatmap(QCustomPlot* plot) : plot_(plot) {
    plot_->axisRect()->setupFullAxesBox(true);
    plot_->yAxis->setRangeReversed(true); // layer 0 at the top, as in owq inspect's table
}

void AllocationHeatmap::clear() {
    kinds_.clear();
    values_.clear();
    plot_->clearPlottables();
    plot_->clearItems();
    plot_->plotLayout()->simplify();
    map_ = nullptr;
    plot_->replot();
}

void AllocationHeatmap::show(const std::vector<std::string>& kinds,
                             const std::vector<std::vector<double>>& values, const QString& what) {
    kinds_ = kinds;
    values_ = values;
    plot_->clearPlottables();
    // The colour scale of an earlier call: one at a time.
    for (int i = plot_->plotLayout()->elementCount() - 1; i >= 0; --i)
        if (auto* scale = qobject_cast<QCPColorScale*>(plot_->plotLayout()->elementAt(i)))
            plot_->plotLayout()->remove(scale);
    plot_->plotLayout()->simplify();
    const int nx = int(kinds.size()), ny = int(values.size());
    if (nx == 0 || ny == 0) {
        map_ = nullptr;
        plot_->replot();
        return;
    }
    map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    map_->data()->setSize(nx, ny);
    map_->data()->setRange(QCPRange(0, nx - 1), QCPRange(0, ny - 1));
    double hi = 0;
    for (int y = 0; y < ny; ++y)
        for (int x = 0; x < nx && x < int(values[size_t(y)].size()); ++x) {
            map_->data()->setCell(x, y, values[size_t(y)][size_t(x)]);
            hi = std::max(hi, values[size_t(y)][size_t(x)]);
        }
    auto* scale = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale);
    scale->axis()->setLabel(what);
    map_->setColorScale(scale);
    // One flat colour per cell (no smoothing between linears), light for none and dark for the most, so
    // neither end vanishes into the plot's background.
    map_->setInterpolate(false);
    QCPColorGradient blues;
    blues.clearColorStops();
    blues.setColorStopAt(0, QColor(0xf7, 0xfb, 0xff));
    blues.setColorStopAt(0.5, QColor(0x6b, 0xae, 0xd6));
    blues.setColorStopAt(1, QColor(0x08, 0x30, 0x6b));
    map_->setGradient(blues);
    const double top = hi > 0 ? hi : 1;
    map_->setDataRange(QCPRange(0, top));
    // The count in each cell while cells are large enough to hold one (the layers of small and 7B-sized
    // models; beyond that the colours alone).
    plot_->clearItems();
    if (ny <= 40)
        for (int y = 0; y < ny; ++y)
            for (int x = 0; x < nx && x < int(values[size_t(y)].size()); ++x) {
                const double v = values[size_t(y)][size_t(x)];
                auto* label = new QCPItemText(plot_);
                label->position->setCoords(x, y);
                label->setText(QString::number(v, 'g', 4));
                label->setColor(v > top / 2 ? Qt::white : Qt::black);
                label->setClipToAxisRect(true);
            }
    auto xt = QSharedPointer<QCPAxisTickerText>::create();
    for (int x = 0; x < nx; ++x) xt->addTick(x, QString::fromStdString(kinds[size_t(x)]));
    plot_->xAxis->setTicker(xt);
    plot_->xAxis->setTickLabelRotation(nx > 4 ? 30 : 0); // long names side by side would overlap
    plot_->xAxis->setRange(-0.5, nx - 0.5);
    auto yt = QSharedPointer<QCPAxisTickerText>::create();
    for (int y = 0; y < ny; ++y) yt->addTick(y, QString::number(y));
    plot_->yAxis->setTicker(yt);
    plot_->yAxis->setRange(-0.5, ny - 0.5);
    plot_->replot();
}

void AllocationHeatmap::showReport(const owq::QuantReport& report) {
    std::vector<std::string> kinds;
    std::int64_t layers = 0;
    for (const auto& d : report.linears) {
        if (std::find(kinds.begin(), kinds.end(), d.kind) == kinds.end()) kinds.push_back(d.kind);
        layers = std::max(layers, d.layer + 1);
    }
    // Mixed precision: bits per weight (base width and weak columns together) say where the budget went.
    const bool mixed = !report.recipe.bitsOverrides.empty();
    std::vector<std::vector<double>> v(size_t(layers), std::vector<double>(kinds.size(), 0));
    for (const auto& d : report.linears)
        v[size_t(d.layer)][size_t(std::find(kinds.begin(), kinds.end(), d.kind) - kinds.begin())] =
            mixed ? d.bits : double(d.weakColumns.size());
    show(kinds, v, mixed ? QObject::tr("Bits per weight") : QObject::tr("Weak columns"));
}
