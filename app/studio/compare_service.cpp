#include "compare_service.h"

#include "owq/text_file.h"

CompareService::CompareService(QObject* parent) : QObject(parent), job_(new JobBridge(this)) {
    qRegisterMetaType<CompareRequest>();
    qRegisterMetaType<owq::CompareRow>();
}

void CompareService::run(const CompareRequest& request) {
    job_->run(tr("Comparing methods on %1").arg(request.modelDir), [&] {
        const std::string calib = owq::readTextFile(request.calibrationFile.toStdString());
        const std::string eval = owq::readTextFile(request.evalFile.toStdString());
        owq::CompareOptions options = request.options;
        if (!request.tasksFile.isEmpty())
            options.choiceTasks = owq::readChoiceTasks(request.tasksFile.toStdString());
        const auto rows = owq::runComparison(
            request.modelDir.toStdString(), calib, eval, options,
            [this](const owq::CompareRow& r) { emit row(r); }, job_->context());
        emit finished(int(rows.size()));
    });
}
