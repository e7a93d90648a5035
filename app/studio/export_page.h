// Export page: writes the quantized model held by QuantService to a chosen folder (packed OWQ, fake-quantized
// float32, and the owq/export.h formats where core has them), with a model card, asking before replacing an
// existing folder; the result can be re-opened in the Model page. The card quotes the perplexities the
// Compare page measured for the same model and settings.
#pragma once

#include "studio_context.h"

#include <QWidget>

class PathEdit;
class QComboBox;
class QLabel;
class QPushButton;

class ExportPage : public QWidget {
    Q_OBJECT
public:
    ExportPage(const StudioContext& studio, QWidget* parent = nullptr);
    // Starts the export to the folder field; asks before replacing a non-empty folder (false: not started).
    bool exportNow();
    void setFolder(const QString& dir);
    QString lastExport() const { return lastExport_; }

signals:
    void openRequested(const QString& dir);

private:
    void updateState();

    StudioContext studio_;
    bool haveResult_ = false;
    QuantReportPtr report_; // the model to export (read-only once emitted)
    QString lastExport_;
    QComboBox* format_ = nullptr;
    PathEdit* folder_ = nullptr;
    QPushButton* export_ = nullptr;
    QPushButton* open_ = nullptr;
    QLabel* state_ = nullptr;
    QLabel* result_ = nullptr;
};
