// The one bridge between core's JobContext (progress callback + CancelToken) and Qt: every service owns a
// JobBridge, arms it on the GUI thread when a job is requested (a fresh CancelToken per job), takes its
// context() on the worker thread, and reports the end of every job through ended(). Signals are emitted on
// the worker thread and reach GUI-thread receivers queued.
#pragma once

#include <QMutex>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

#include "owq/job.h"

class JobBridge : public QObject {
    Q_OBJECT
public:
    explicit JobBridge(QObject* parent = nullptr);

    // GUI thread: a new job is about to be requested; it gets its own CancelToken.
    void arm();
    // Any thread: asks the current job to stop at its next check.
    void cancel();
    // Worker thread: the context the job passes to core (progress -> progress(), cancel -> the token).
    owq::JobContext context();
    // Worker thread: runs `work`, turning exceptions into ended(false, ...); always emits ended() once.
    void run(const QString& what, const std::function<void()>& work);

signals:
    void started(const QString& what);
    void progress(const QString& stage, qint64 done, qint64 total, const QString& message);
    void ended(bool ok, bool cancelled, const QString& message);

private:
    std::shared_ptr<owq::CancelToken> token();
    QMutex mutex_;
    std::shared_ptr<owq::CancelToken> token_;
};

// GUI thread: one job runs at a time across the studio. Pages begin() a job before requesting it from a
// service; the bridge's ended() ends it, and pages learn of it through jobEnded() (never from the bridge
// directly). Cancel goes to the running job's bridge.
class BusyState : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    bool busy() const { return current_ != nullptr; }
    QString what() const { return what_; }
    // Watches the bridge's ended() (call once per bridge).
    void track(JobBridge* bridge);
    // Returns false (and does nothing) when another job runs.
    bool begin(JobBridge* bridge, const QString& what);
    void cancel();

signals:
    // The job of `bridge` ended (emitted before changed(false) and idle()).
    void jobEnded(JobBridge* bridge, bool ok, bool cancelled, const QString& message);
    void changed(bool busy);
    void status(const QString& text);
    void failed(const QString& message);
    void idle();

private:
    void finish(bool ok, bool cancelled, const QString& message);
    JobBridge* current_ = nullptr;
    QString what_;
};
