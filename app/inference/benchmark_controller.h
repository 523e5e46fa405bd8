// BenchmarkController: runs a benchmark of the current model in the background (on the inference thread,
// queued behind any answer in progress) and stores each run in the benchmark_runs table; keeps the
// BenchmarkListModel the chart draws (a mirror fed by the StorageService's replies). Thread: UI thread; talks
// to the worker and to storage only through queued signals.
#pragma once

#include <QObject>

#include "inference/inference_types.h"
#include "lists/benchmark_list_model.h"

namespace peregrine {

class StorageService;
class InferenceWorker;

class BenchmarkController : public QObject {
    Q_OBJECT
    Q_PROPERTY(peregrine::BenchmarkListModel* runs READ runs CONSTANT)
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    Q_PROPERTY(QString status READ status NOTIFY statusChanged)

public:
    explicit BenchmarkController(StorageService* storage, QObject* parent = nullptr);

    void connectWorker(InferenceWorker* worker);
    void setRequest(const BenchmarkRequest& request) { m_request = request; }

    BenchmarkListModel* runs() const { return m_runs; }
    bool running() const { return m_running; }
    QString status() const { return m_status; }

public slots:
    void run();
    void refresh();

signals:
    void runningChanged();
    void statusChanged();
    void completed(bool ok);
    void requestBenchmark(const peregrine::BenchmarkRequest& request);  // to the worker (queued)

private slots:
    void onFinished(const peregrine::BenchmarkResult& result);
    void onFailed(const QString& message);
    void onStored(qint64 id, const QString& error);

private:
    void setRunning(bool running);
    void setStatus(const QString& status);

    StorageService* m_storage;
    BenchmarkResult m_lastResult;  // the run being stored
    bool m_storing = false;
    BenchmarkListModel* m_runs;
    BenchmarkRequest m_request;
    bool m_running = false;
    QString m_status;
};

}  // namespace peregrine
