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
        const auto rows = owq::runComparison(
            request.modelDir.toStdString(), calib, eval, request.options,
            [this](const owq::CompareRow& r) { emit row(r); }, job_->context());
        emit finished(int(rows.size()));
    });
}
