// owq::runComparison on its own worker thread: FP, RTN, OPTQ/GPTQ and OWQ rows scored by perplexity (and
// multiple-choice accuracy when a task file is given), each row reported as it finishes.
#pragma once

#include "job_bridge.h"

#include <QObject>
#include <QString>

#include "owq/compare.h"

struct CompareRequest {
    QString modelDir;
    QString calibrationFile;
    QString evalFile;
    QString tasksFile; // multiple-choice JSONL scored on every row (empty: none); read on the worker thread
    owq::CompareOptions options;
};
Q_DECLARE_METATYPE(CompareRequest)
Q_DECLARE_METATYPE(owq::CompareRow)

class CompareService : public QObject {
    Q_OBJECT
public:
    explicit CompareService(QObject* parent = nullptr);
    JobBridge* job() { return job_; }

public slots:
    void run(const CompareRequest& request);

signals:
    void row(const owq::CompareRow& row);
    void finished(int rows);

private:
    JobBridge* job_;
};
