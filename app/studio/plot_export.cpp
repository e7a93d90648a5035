#include "plot_export.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <QFileInfo>
#include <QSvgGenerator>

namespace {
bool saveSvg(QCustomPlot* plot, const QString& file, int width, int height) {
    QSvgGenerator svg;
    svg.setFileName(file);
    svg.setSize(QSize(width, height));
    svg.setViewBox(QRect(0, 0, width, height));
    svg.setTitle(plot->objectName());
    svg.setDescription(QStringLiteral("OWQ Studio"));
    QCPPainter painter;
    if (!painter.begin(&svg)) return false;
    // Vectorized: no cached pixmaps, so lines and text stay vector elements in the SVG.
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    plot->toPainter(&painter, width, height);
    painter.end();
    // QSvgGenerator reports no write errors; an empty or missing file is one.
    return QFileInfo(file).size() > 0;
}
} // namespace

QString plotFileFilter() {
    return QCoreApplication::translate("PlotExport",
                                       "PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)");
}

QString withPlotExtension(const QString& file, const QString& selectedFilter) {
    if (!QFileInfo(file).suffix().isEmpty()) return file;
    if (selectedFilter.contains("*.pdf")) return file + ".pdf";
    if (selectedFilter.contains("*.svg")) return file + ".svg";
    return file + ".png";
}

bool savePlotFile(QCustomPlot* plot, const QString& file, int width, int height) {
    const QString ext = QFileInfo(file).suffix().toLower();
    if (ext == "svg") return saveSvg(plot, file, width, height);
    if (ext == "pdf") return plot->savePdf(file, width, height);
    if (ext == "jpg" || ext == "jpeg") return plot->saveJpg(file, width, height);
    return plot->savePng(file, width, height);
}
