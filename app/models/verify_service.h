// VerifyService: runs ModelVerifier off the calling thread, one request after another, with progress and
// cancellation; owns the sha256 cache so a file is hashed once per (size, mtime).
//
// Thread: create and call it on one thread (the UI thread); verification runs on the service's own QThread
// and results come back as queued signals on the creating thread. The destructor cancels what is running
// and waits for it (at most one checksum chunk).
#pragma once

#include <QObject>
#include <QThread>
#include <atomic>
#include <memory>

#include "models/model_verifier.h"

namespace peregrine {

class VerifyService : public QObject {
    Q_OBJECT

public:
    // cacheFile: where checksums persist ("" = memory only; Sha256Cache::defaultCacheFile() in the app).
    explicit VerifyService(const QString& cacheFile = {}, QObject* parent = nullptr);
    ~VerifyService() override;

    // Options for the next requests (cache, progress and cancel are supplied by the service).
    void setOptions(const VerifyOptions& options) { m_options = options; }
    const VerifyOptions& options() const { return m_options; }

    // Queues a verification; returns its id (> 0). finished() always follows, also when cancelled.
    qint64 verify(const QString& path);
    // Cancels the running and queued requests (their reports carry a Cancelled issue).
    void cancelAll();
    Sha256Cache& cache() { return *m_cache; }

signals:
    // Checksum progress, at most every 100 ms per request.
    void progress(qint64 id, const QString& path, qint64 done, qint64 total);
    void finished(qint64 id, const peregrine::VerifyReport& report);

private:
    QThread m_thread;
    QObject* m_context = nullptr;  // lives on m_thread; runs the requests
    std::shared_ptr<Sha256Cache> m_cache;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    VerifyOptions m_options;
    qint64 m_nextId = 1;
};

}  // namespace peregrine
