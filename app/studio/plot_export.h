// Writing a QCustomPlot to a file by its extension: svg (vector, through QSvgGenerator and QCPPainter, which
// QCustomPlot itself cannot write), pdf, jpg/jpeg, else png.
#pragma once

#include <QString>

class QCustomPlot;

// File dialog filter for the formats savePlotFile writes.
QString plotFileFilter();
// Appends the extension of the chosen dialog filter when the name has none.
QString withPlotExtension(const QString& file, const QString& selectedFilter);
bool savePlotFile(QCustomPlot* plot, const QString& file, int width = 1000, int height = 600);
