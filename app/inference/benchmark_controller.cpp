#include "inference/benchmark_controller.h"

#include "inference/inference_worker.h"
#include "logging/logging.h"
#include "storage/storage_service.h"

namespace peregrine {

BenchmarkController::BenchmarkController(StorageService* storage, QObject* parent)
    : QObject(parent), m_storage(storage), m_runs(new BenchmarkListModel(this)) {
    registerInferenceTypes();
    if (!storage) return;
    connect(storage, &StorageService::benchmarkRunsLoaded, m_runs, &BenchmarkListModel::setRuns);
    connect(storage, &StorageService::benchmarkRunStored, this, &BenchmarkController::onStored);
}

void BenchmarkController::connectWorker(InferenceWorker* worker) {
    connect(this, &BenchmarkController::requestBenchmark, worker, &InferenceWorker::runBenchmark,
            Qt::QueuedConnection);
    connect(worker, &InferenceWorker::benchmarkProgress, this, &BenchmarkController::setStatus,
            Qt::QueuedConnection);
    connect(worker, &InferenceWorker::benchmarkFinished, this, &BenchmarkController::onFinished,
            Qt::QueuedConnection);
    connect(worker, &InferenceWorker::benchmarkFailed, this, &BenchmarkController::onFailed,
            Qt::QueuedConnection);
}

void BenchmarkController::run() {
    if (m_running) return;
    setRunning(true);
    setStatus(tr("Waiting for the model…"));
    emit requestBenchmark(m_request);
}

void BenchmarkController::refresh() {
    if (m_storage) m_storage->requestBenchmarkRuns();  // -> m_runs
}

void BenchmarkController::onFinished(const BenchmarkResult& r) {
    BenchmarkRunRecord rec;
    rec.model = r.modelName;
    rec.modelPath = r.modelPath;
    rec.backend = r.backendKind.isEmpty() ? QStringLiteral("native") : r.backendKind;
    rec.threads = r.threads;
    rec.nPrompt = r.promptTokens;
    rec.nGen = r.generatedTokens;
    rec.promptTokPerSec = r.promptTokPerSec;
    rec.decodeTokPerSec = r.decodeTokPerSec;
    rec.ttftMs = r.ttftMs;
    rec.loadMs = r.loadMs;
    rec.peakRssMb = r.peakRssMb;
    rec.notes = QStringLiteral("app benchmark");
    qCInfo(lcInference) << "benchmark" << r.modelName << r.decodeTokPerSec << "tok/s decode,"
                        << r.promptTokPerSec << "tok/s prompt, ttft" << r.ttftMs << "ms";
    m_lastResult = r;
    if (!m_storage) {
        onStored(0, tr("no database"));
        return;
    }
    m_storing = true;
    m_storage->addBenchmarkRun(rec);  // -> onStored
}

void BenchmarkController::onStored(qint64 id, const QString& error) {
    if (!m_storing && m_storage) return;  // another controller's run
    m_storing = false;
    const BenchmarkResult& r = m_lastResult;
    const bool stored = id > 0;
    setStatus(stored ? tr("%1: %2 tok/s, first token %3 ms")
                           .arg(r.modelName)
                           .arg(r.decodeTokPerSec, 0, 'f', 1)
                           .arg(qRound(r.ttftMs))
                     : tr("Measured, but not saved: %1").arg(error));
    refresh();
    setRunning(false);
    emit completed(stored);
}

void BenchmarkController::onFailed(const QString& message) {
    setStatus(tr("Benchmark failed: %1").arg(message));
    setRunning(false);
    emit completed(false);
}

void BenchmarkController::setRunning(bool running) {
    if (m_running == running) return;
    m_running = running;
    emit runningChanged();
}

void BenchmarkController::setStatus(const QString& status) {
    if (m_status == status) return;
    m_status = status;
    emit statusChanged();
}

}  // namespace peregrine
