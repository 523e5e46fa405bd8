#include "models/verify_service.h"

#include <QElapsedTimer>

namespace peregrine {

VerifyService::VerifyService(const QString& cacheFile, QObject* parent)
    : QObject(parent),
      m_cache(std::make_shared<Sha256Cache>(cacheFile)),
      m_cancel(std::make_shared<std::atomic<bool>>(false)) {
    qRegisterMetaType<peregrine::VerifyReport>();
    m_thread.setObjectName(QStringLiteral("peregrine-verify"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

VerifyService::~VerifyService() {
    m_cancel->store(true);
    m_thread.quit();
    m_thread.wait();
}

void VerifyService::cancelAll() {
    // Requests already queued see the flag and finish at once; later ones get a fresh flag.
    m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
}

qint64 VerifyService::verify(const QString& path) {
    const qint64 id = m_nextId++;
    VerifyOptions options = m_options;
    auto cache = m_cache;
    auto cancel = m_cancel;
    // `self` outlives this job: the destructor waits for the thread before the object goes; events posted to
    // it after that are dropped by Qt.
    VerifyService* self = this;
    QMetaObject::invokeMethod(m_context, [=]() mutable {
        QElapsedTimer sinceProgress;
        sinceProgress.start();
        options.cache = cache.get();
        options.cancel = cancel.get();
        options.progress = [&](qint64 done, qint64 total) {
            if (done < total && sinceProgress.elapsed() < 100) return;
            sinceProgress.restart();
            QMetaObject::invokeMethod(self, [=] { emit self->progress(id, path, done, total); });
        };
        VerifyReport report;
        if (cancel->load()) {
            report.path = path;
            report.issues << VerifyIssue{
                IssueClass::Cancelled, Severity::Error, QStringLiteral("verification cancelled"), {}};
        } else {
            report = verifyModelPath(path, options);
        }
        QMetaObject::invokeMethod(self, [=] { emit self->finished(id, report); });
    });
    return id;
}

}  // namespace peregrine
