#include "job_bridge.h"

#include "owq/error.h"

JobBridge::JobBridge(QObject* parent) : QObject(parent), token_(std::make_shared<owq::CancelToken>()) {}

void JobBridge::arm() {
    QMutexLocker lock(&mutex_);
    token_ = std::make_shared<owq::CancelToken>();
}

void JobBridge::cancel() {
    token()->cancel();
}

std::shared_ptr<owq::CancelToken> JobBridge::token() {
    QMutexLocker lock(&mutex_);
    return token_;
}

owq::JobContext JobBridge::context() {
    std::shared_ptr<owq::CancelToken> t = token();
    owq::JobContext job;
    // The lambda keeps the token alive as long as the context is in use.
    job.progress = [this, t](const owq::Progress& p) {
        emit progress(QString::fromStdString(p.stage), p.done, p.total, QString::fromStdString(p.message));
    };
    job.cancel = t.get();
    return job;
}

void JobBridge::run(const QString& what, const std::function<void()>& work) {
    emit started(what);
    try {
        work();
        emit ended(true, false, {});
    } catch (const owq::Error& e) {
        const bool cancelled = e.kind() == owq::ErrorKind::Cancelled;
        emit ended(false, cancelled, QString::fromStdString(e.what()));
    } catch (const std::exception& e) {
        emit ended(false, false, QString::fromStdString(e.what()));
    }
}

void BusyState::track(JobBridge* bridge) {
    connect(bridge, &JobBridge::started, this, [this](const QString& what) { emit status(what); });
    connect(bridge, &JobBridge::ended, this, [this, bridge](bool ok, bool cancelled, const QString& message) {
        if (bridge == current_) finish(ok, cancelled, message);
    });
}

void BusyState::finish(bool ok, bool cancelled, const QString& message) {
    JobBridge* bridge = current_;
    current_ = nullptr;
    what_.clear();
    // Pages hear the end here, on the GUI thread and before idle(): the order of a worker's queued ended()
    // deliveries to several receivers is not guaranteed against the GUI thread's event processing.
    emit jobEnded(bridge, ok, cancelled, message);
    if (cancelled)
        emit status(tr("Cancelled"));
    else if (!ok) {
        emit status(tr("Failed"));
        emit failed(message);
    }
    emit changed(false);
    emit idle();
}

bool BusyState::begin(JobBridge* bridge, const QString& what) {
    if (current_) return false;
    current_ = bridge;
    what_ = what;
    bridge->arm();
    emit status(what);
    emit changed(true);
    return true;
}

void BusyState::cancel() {
    if (current_) current_->cancel();
}
