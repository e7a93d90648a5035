#include "inspect_page.h"

#include "allocation_heatmap.h"
#include "persist_input.h"
#include "plot_export.h"
#include "plot_theme.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace {
// The report's linear kinds in the order its first layer lists them (the family's true-sequential order).
std::vector<std::string> kindsOf(const owq::QuantReport& r) {
    std::vector<std::string> kinds;
    for (const owq::LinearDiagnostics& l : r.linears)
        if (std::find(kinds.begin(), kinds.end(), l.kind) == kinds.end()) kinds.push_back(l.kind);
    return kinds;
}

int kindIndex(const std::vector<std::string>& kinds, const std::string& kind) {
    const auto it = std::find(kinds.begin(), kinds.end(), kind);
    return it == kinds.end() ? 0 : int(it - kinds.begin());
}
} // namespace

InspectPage::InspectPage(const StudioContext& studio, QWidget* parent) : QWidget(parent), studio_(studio) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    metric_ = new QComboBox;
    metric_->setObjectName("metric");
    metric_->addItems({tr("Error before (RTN)"), tr("Error after"), tr("Error reduction (before / after)"),
                       tr("Weak columns"), tr("Bits per weight")});
    barLog_ = new QCheckBox(tr("Log scale"));
    barLog_->setChecked(true);
    auto* saveBars = new QPushButton(tr("Save Chart..."));
    top->addWidget(new QLabel(tr("Per linear")));
    top->addWidget(metric_);
    top->addWidget(barLog_);
    top->addStretch(1);
    top->addWidget(saveBars);
    layout->addLayout(top);

    auto* split = new QSplitter(Qt::Vertical);
    bars_ = new QCustomPlot;
    bars_->setObjectName("sensitivityPlot");
    bars_->setMinimumHeight(200);
    bars_->setInteractions(QCP::iSelectPlottables);
    split->addWidget(bars_);
    allocation_ = new QCustomPlot;
    allocation_->setObjectName("allocationHeatmap");
    allocation_->setMinimumHeight(160);
    allocation_->setToolTip(tr("Weak columns per decoder layer (rows) and linear (columns)"));
    heatmap_ = std::make_shared<AllocationHeatmap>(allocation_);
    split->addWidget(allocation_);

    auto* lower = new QWidget;
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    linear_ = new QComboBox;
    linear_->setObjectName("linear");
    order_ = new QComboBox;
    order_->setObjectName("columnOrder");
    order_->addItems({tr("Natural order"), tr("Sorted by H diagonal")});
    columnLog_ = new QCheckBox(tr("Log scale"));
    columnLog_->setChecked(true);
    auto* saveColumns = new QPushButton(tr("Save Plot..."));
    row->addWidget(new QLabel(tr("Linear")));
    row->addWidget(linear_, 1);
    row->addWidget(order_);
    row->addWidget(columnLog_);
    row->addWidget(saveColumns);
    lowerLayout->addLayout(row);
    details_ = new QLabel(tr("Quantize a model to inspect it."));
    details_->setObjectName("linearDetails");
    details_->setWordWrap(true);
    lowerLayout->addWidget(details_);
    columns_ = new QCustomPlot;
    columns_->setObjectName("columnPlot");
    columns_->setMinimumHeight(200);
    columns_->setMouseTracking(true);
    lowerLayout->addWidget(columns_, 1);
    split->addWidget(lower);
    layout->addWidget(split, 1);

    connect(metric_, &QComboBox::currentIndexChanged, this, &InspectPage::drawBars);
    connect(barLog_, &QCheckBox::toggled, this, &InspectPage::drawBars);
    connect(order_, &QComboBox::currentIndexChanged, this, &InspectPage::drawColumns);
    connect(columnLog_, &QCheckBox::toggled, this, &InspectPage::drawColumns);
    connect(linear_, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i != selected_) selectLinear(i);
    });
    connect(bars_, &QCustomPlot::plottableClick, this,
            [this](QCPAbstractPlottable* p, int dataIndex, QMouseEvent*) {
                for (int k = 0; k < bars_->plottableCount(); ++k)
                    if (bars_->plottable(k) == p && dataIndex >= 0 &&
                        dataIndex < int(barLinear_[size_t(k)].size()))
                        selectLinear(barLinear_[size_t(k)][size_t(dataIndex)]);
            });
    connect(columns_, &QCustomPlot::mouseMove, this, &InspectPage::hover);
    // Light or dark with the system (plot_theme.h): the series are drawn again in the scheme's colours.
    plot_theme::followPalette(bars_, [this] { drawBars(); });
    plot_theme::followPalette(columns_, [this] { drawColumns(); });
    connect(saveBars, &QPushButton::clicked, this, [this] { chooseAndSave("bars"); });
    connect(saveColumns, &QPushButton::clicked, this, [this] { chooseAndSave("columns"); });
    connect(studio_.quant, &QuantService::quantized, this, &InspectPage::setReport);
    connect(studio_.quant, &QuantService::cleared, this, &InspectPage::clear);
    // The last session's view.
    persistInput(metric_, "inspect/metric");
    persistInput(barLog_, "inspect/barLog");
    persistInput(order_, "inspect/columnOrder");
    persistInput(columnLog_, "inspect/columnLog");
}

void InspectPage::clear() {
    report_.reset();
    selected_ = -1;
    barLinear_.clear();
    columnOfPoint_.clear();
    linear_->blockSignals(true);
    linear_->clear();
    linear_->blockSignals(false);
    bars_->clearPlottables();
    bars_->replot();
    columns_->clearGraphs();
    columns_->replot();
    heatmap_->clear();
    details_->setText(tr("Quantize a model to inspect it."));
}

void InspectPage::setReport(const QuantReportPtr& report) {
    clear();
    report_ = report;
    linear_->blockSignals(true);
    for (const auto& l : report_->linears) linear_->addItem(QString::fromStdString(l.name));
    linear_->blockSignals(false);
    drawBars();
    heatmap_->showReport(*report_);
    // Start with the linear that has the most weak columns (the first one when none has any).
    int best = 0;
    for (size_t i = 0; i < report_->linears.size(); ++i)
        if (report_->linears[i].weakColumns.size() > report_->linears[size_t(best)].weakColumns.size())
            best = int(i);
    if (!report_->linears.empty()) selectLinear(best);
}

void InspectPage::drawBars() {
    bars_->clearPlottables();
    const std::vector<std::string> kinds = report_ ? kindsOf(*report_) : std::vector<std::string>{};
    barLinear_.assign(kinds.size(), {});
    if (!report_) {
        bars_->replot();
        return;
    }
    const int metric = metric_->currentIndex();
    const int slotCount = int(kinds.size()) + 1; // one gap between layers
    std::vector<QCPBars*> kindBars;
    for (size_t k = 0; k < kinds.size(); ++k) {
        auto* b = new QCPBars(bars_->xAxis, bars_->yAxis);
        b->setName(QString::fromStdString(kinds[k]));
        b->setBrush(plot_theme::seriesColor(int(k), bars_->palette()));
        b->setPen(Qt::NoPen);
        b->setWidth(0.8);
        b->setSelectable(QCP::stSingleData);
        kindBars.push_back(b);
    }
    double lo = 0, hi = 0;
    bool first = true;
    std::int64_t maxLayer = 0;
    for (size_t i = 0; i < report_->linears.size(); ++i) {
        const owq::LinearDiagnostics& l = report_->linears[i];
        double v = 0;
        switch (metric) {
        case 0:
            v = l.errorBefore;
            break;
        case 1:
            v = l.errorAfter;
            break;
        case 2:
            v = l.errorAfter > 0 ? l.errorBefore / l.errorAfter : 0;
            break;
        case 3:
            v = double(l.weakColumns.size());
            break;
        default:
            v = l.bits;
            break;
        }
        const int k = kindIndex(kinds, l.kind);
        kindBars[size_t(k)]->addData(double(l.layer * slotCount + k + 1), v);
        barLinear_[size_t(k)].push_back(int(i));
        maxLayer = std::max(maxLayer, l.layer);
        if (v > 0 || !barLog_->isChecked()) {
            lo = first ? v : std::min(lo, v);
            hi = first ? v : std::max(hi, v);
            first = false;
        }
    }
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (std::int64_t layer = 0; layer <= maxLayer; ++layer)
        ticker->addTick(double(layer * slotCount) + slotCount / 2.0, tr("layer %1").arg(layer));
    bars_->xAxis->setTicker(ticker);
    bars_->xAxis->setRange(0, double((maxLayer + 1) * slotCount) + 6); // room for the legend
    bars_->yAxis->setLabel(metric_->currentText());
    const bool logScale = barLog_->isChecked() && metric != 3 && hi > 0;
    if (logScale) {
        bars_->yAxis->setScaleType(QCPAxis::stLogarithmic);
        bars_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        for (QCPBars* b : kindBars) b->setBaseValue(lo > 0 ? lo / 2 : 1e-12);
        bars_->yAxis->setRange(lo > 0 ? lo / 2 : 1e-12, hi * 2);
    } else {
        bars_->yAxis->setScaleType(QCPAxis::stLinear);
        bars_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        bars_->yAxis->setRange(std::min(0.0, lo), hi > 0 ? hi * 1.1 : 1);
    }
    bars_->legend->setVisible(true);
    bars_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    bars_->replot();
}

void InspectPage::selectLinear(int index) {
    if (!report_ || index < 0 || index >= int(report_->linears.size())) return;
    selected_ = index;
    if (linear_->currentIndex() != index) linear_->setCurrentIndex(index);
    const owq::LinearDiagnostics& l = report_->linears[size_t(index)];
    details_->setText(tr("%1: %2 x %3, %4 weak columns, %5 bits/weight, error %6 -> %7")
                          .arg(QString::fromStdString(l.name))
                          .arg(l.rows)
                          .arg(l.cols)
                          .arg(l.weakColumns.size())
                          .arg(l.bits, 0, 'f', 3)
                          .arg(l.errorBefore, 0, 'g', 4)
                          .arg(l.errorAfter, 0, 'g', 4));
    drawColumns();
}

void InspectPage::drawColumns() {
    columns_->clearGraphs();
    columnOfPoint_.clear();
    if (!report_ || selected_ < 0) {
        columns_->replot();
        return;
    }
    const owq::LinearDiagnostics& l = report_->linears[size_t(selected_)];
    const size_t n = l.hDiag.size();
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    const bool sorted = order_->currentIndex() == 1;
    if (sorted)
        std::stable_sort(order.begin(), order.end(),
                         [&](int a, int b) { return l.hDiag[size_t(a)] > l.hDiag[size_t(b)]; });
    // Zeros (dead columns) cannot sit on a log axis: they are drawn at the smallest positive value / 10.
    float minPositive = 0;
    for (float v : l.hDiag)
        if (v > 0 && (minPositive == 0 || v < minPositive)) minPositive = v;
    const bool logScale = columnLog_->isChecked() && minPositive > 0;
    std::vector<char> weak(n, 0);
    for (std::int32_t c : l.weakColumns)
        if (c >= 0 && size_t(c) < n) weak[size_t(c)] = 1;
    QVector<double> xs, ys, wx, wy;
    xs.reserve(int(n));
    ys.reserve(int(n));
    double hi = 0;
    for (size_t i = 0; i < n; ++i) {
        const int col = order[i];
        double v = l.hDiag[size_t(col)];
        if (logScale && v <= 0) v = minPositive / 10;
        xs.push_back(double(i));
        ys.push_back(v);
        hi = std::max(hi, v);
        columnOfPoint_.push_back(col);
        if (weak[size_t(col)]) {
            wx.push_back(double(i));
            wy.push_back(v);
        }
    }
    QCPGraph* all = columns_->addGraph();
    all->setName(tr("H diagonal"));
    all->setData(xs, ys, true);
    all->setPen(QPen(plot_theme::seriesColor(plot_theme::Blue, columns_->palette())));
    all->setLineStyle(sorted ? QCPGraph::lsLine : QCPGraph::lsImpulse);
    all->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 3));
    QCPGraph* weakGraph = columns_->addGraph();
    weakGraph->setName(tr("Weak columns (fp16)"));
    weakGraph->setData(wx, wy, true);
    weakGraph->setLineStyle(QCPGraph::lsNone);
    weakGraph->setScatterStyle(QCPScatterStyle(
        QCPScatterStyle::ssCircle, QPen(plot_theme::seriesColor(plot_theme::Red, columns_->palette()), 2),
        Qt::NoBrush, 8));
    columns_->xAxis->setLabel(sorted ? tr("Rank by H diagonal") : tr("Input column"));
    columns_->yAxis->setLabel(tr("H diagonal"));
    columns_->xAxis->setRange(-1, double(n));
    if (logScale) {
        columns_->yAxis->setScaleType(QCPAxis::stLogarithmic);
        columns_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        columns_->yAxis->setRange(minPositive / 20, hi * 2);
        all->setLineStyle(sorted ? QCPGraph::lsLine : QCPGraph::lsNone);
    } else {
        columns_->yAxis->setScaleType(QCPAxis::stLinear);
        columns_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        columns_->yAxis->setRange(0, hi > 0 ? hi * 1.1 : 1);
    }
    columns_->legend->setVisible(true);
    columns_->replot();
}

void InspectPage::hover(QMouseEvent* event) {
    if (!report_ || selected_ < 0 || columnOfPoint_.empty()) return;
    const double x = columns_->xAxis->pixelToCoord(event->pos().x());
    const long i = std::lround(x);
    if (i < 0 || i >= long(columnOfPoint_.size())) {
        QToolTip::hideText();
        return;
    }
    const owq::LinearDiagnostics& l = report_->linears[size_t(selected_)];
    const int col = columnOfPoint_[size_t(i)];
    const bool weak = std::find(l.weakColumns.begin(), l.weakColumns.end(), col) != l.weakColumns.end();
    QString text = tr("column %1: H diagonal %2").arg(col).arg(double(l.hDiag[size_t(col)]), 0, 'g', 5);
    if (weak) text += tr(" (weak, kept in fp16)");
    QToolTip::showText(event->globalPosition().toPoint(), text, columns_);
}

bool InspectPage::savePlot(const QString& which, const QString& file) {
    return savePlotFile(which == "bars" ? bars_ : columns_, file);
}

void InspectPage::chooseAndSave(const QString& which) {
    QSettings settings;
    const QString start =
        settings.value("inspect/lastDir").toString() + "/" + (which == "bars" ? "linears" : "columns");
    QString filter;
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Save Plot"), start, plotFileFilter(), &filter);
    if (file.isEmpty()) return;
    const QString path = withPlotExtension(file, filter);
    settings.setValue("inspect/lastDir", QFileInfo(path).absolutePath());
    if (!savePlotFile(which == "bars" ? bars_ : columns_, path))
        emit studio_.busy->failed(tr("Could not write %1").arg(path));
    else
        emit studio_.busy->status(tr("Saved %1").arg(path));
}
