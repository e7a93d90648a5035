// What every page gets: the services (each on its own worker thread), the studio-wide busy state, and a
// helper that queues a call onto a service's thread.
#pragma once

#include "compare_service.h"
#include "job_bridge.h"
#include "model_service.h"
#include "quant_service.h"
#include "tune_service.h"

#include <QMetaObject>

struct StudioContext {
    BusyState* busy = nullptr;
    ModelService* model = nullptr;
    QuantService* quant = nullptr;
    CompareService* compare = nullptr;
    TuneService* tune = nullptr;
};

// Runs `f` on `target`'s thread (queued); the GUI thread never waits for it.
template <typename F> void post(QObject* target, F&& f) {
    QMetaObject::invokeMethod(target, std::forward<F>(f), Qt::QueuedConnection);
}
