#include "storage/storage_service.h"

#include <QMetaType>

#include "logging/logging.h"
#include "storage/sql_statement.h"
#include "storage/storage_errors.h"

namespace peregrine {

void registerStorageTypes() {
    qRegisterMetaType<QList<ConversationRecord>>("QList<peregrine::ConversationRecord>");
    qRegisterMetaType<QList<MessageRecord>>("QList<peregrine::MessageRecord>");
    qRegisterMetaType<QList<ThermalSampleRecord>>("QList<peregrine::ThermalSampleRecord>");
    qRegisterMetaType<QList<BenchmarkRunRecord>>("QList<peregrine::BenchmarkRunRecord>");
}

StorageService::StorageService(QObject* parent) : QObject(parent) {
    registerStorageTypes();
    m_thread.setObjectName(QStringLiteral("storage"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

StorageService::~StorageService() {
    post([](Database& db) { db.close(); });  // after every pending write, on the storage thread
    flush();
    m_thread.quit();
    m_thread.wait();
}

void StorageService::post(std::function<void(Database&)> job) {
    QMetaObject::invokeMethod(
        m_context,
        [this, job = std::move(job)] {
            storage_detail::takeFailure();  // a failure is reported by the job that met it
            job(m_db);
        },
        Qt::QueuedConnection);
}

void StorageService::flush() {
    QMetaObject::invokeMethod(
        m_context, [] {}, Qt::BlockingQueuedConnection);
}

void StorageService::open(const QString& path) {
    m_path = path;
    post([this, path](Database& db) {
        const bool ok = db.open(path);
        const QString why = ok ? QString() : storageOpenFailureText(db, path);
        m_openFailure = why;
        QMetaObject::invokeMethod(
            this,
            [this, ok, why] {
                m_open = ok;
                if (!ok) setError(why);
                emit openChanged();
                emit opened(ok, why);
            },
            Qt::QueuedConnection);
    });
}

qint64 StorageService::resolve(qint64 id) const {
    return id < 0 ? m_keys.value(id, 0) : id;
}

void StorageService::reportFailure(const Database& db) {
    const QString why = db.isOpen() || m_openFailure.isEmpty() ? storageFailureText(db) : m_openFailure;
    QMetaObject::invokeMethod(
        this, [this, why] { setError(why); }, Qt::QueuedConnection);
}

void StorageService::setError(const QString& error) {
    if (error == m_error) return;
    m_error = error;
    if (!error.isEmpty()) qCWarning(lcStorage).noquote() << "storage:" << error;
    emit errorChanged();
}

qint64 StorageService::createConversation(const QString& title, const QString& model) {
    const qint64 key = m_nextKey--;
    post([this, key, title, model](Database& db) {
        const qint64 id = db.createConversation(title, model);
        if (id > 0)
            m_keys.insert(key, id);
        else
            reportFailure(db);
        QMetaObject::invokeMethod(
            this, [this, key, id] { emit conversationCreated(key, std::max<qint64>(id, 0)); },
            Qt::QueuedConnection);
    });
    return key;
}

qint64 StorageService::addMessage(const MessageRecord& record) {
    const qint64 key = m_nextKey--;
    post([this, key, record](Database& db) {
        MessageRecord r = record;
        r.conversationId = resolve(r.conversationId);
        qint64 id = 0;
        if (r.conversationId > 0) id = db.addMessage(r);
        if (id > 0)
            m_keys.insert(key, id);
        else if (r.conversationId > 0)
            reportFailure(db);  // a conversation that could not be created was reported already
        id = std::max<qint64>(id, 0);
        QMetaObject::invokeMethod(
            this, [this, key, id] { emit messageStored(key, id); }, Qt::QueuedConnection);
    });
    return key;
}

void StorageService::updateMessage(const MessageRecord& record) {
    post([this, record](Database& db) {
        MessageRecord r = record;
        r.id = resolve(r.id);
        r.conversationId = resolve(r.conversationId);
        if (r.id > 0 && !db.updateMessage(r)) reportFailure(db);
    });
}

void StorageService::requestConversations(int limit) {
    post([this, limit](Database& db) {
        const QList<ConversationRecord> list =
            db.isOpen() ? db.conversations(limit) : QList<ConversationRecord>{};
        QMetaObject::invokeMethod(
            this, [this, list] { emit conversationsLoaded(list); }, Qt::QueuedConnection);
    });
}

void StorageService::requestMessages(qint64 conversationId) {
    post([this, conversationId](Database& db) {
        const qint64 id = resolve(conversationId);
        const QList<MessageRecord> list = db.isOpen() && id > 0 ? db.messages(id) : QList<MessageRecord>{};
        QMetaObject::invokeMethod(
            this, [this, conversationId, list] { emit messagesLoaded(conversationId, list); },
            Qt::QueuedConnection);
    });
}

void StorageService::addThermalSample(const ThermalSampleRecord& record) {
    post([this, record](Database& db) {
        if (db.isOpen() && db.addThermalSample(record) <= 0) reportFailure(db);
    });
}

void StorageService::pruneThermalSamples(const QDateTime& before) {
    post([this, before](Database& db) {
        if (db.isOpen() && db.pruneThermalSamples(before) < 0) reportFailure(db);
    });
}

void StorageService::requestThermalSamples(const QDateTime& since, int limit) {
    post([this, since, limit](Database& db) {
        const QList<ThermalSampleRecord> list =
            db.isOpen() ? db.thermalSamples(since, limit) : QList<ThermalSampleRecord>{};
        QMetaObject::invokeMethod(
            this, [this, list] { emit thermalSamplesLoaded(list); }, Qt::QueuedConnection);
    });
}

void StorageService::addBenchmarkRun(const BenchmarkRunRecord& record) {
    post([this, record](Database& db) {
        const qint64 id = db.addBenchmarkRun(record);
        const QString why = id > 0 ? QString() : storageFailureText(db);
        if (id <= 0) reportFailure(db);
        QMetaObject::invokeMethod(
            this, [this, id, why] { emit benchmarkRunStored(std::max<qint64>(id, 0), why); },
            Qt::QueuedConnection);
    });
}

void StorageService::requestBenchmarkRuns() {
    post([this](Database& db) {
        const QList<BenchmarkRunRecord> list = db.isOpen() ? db.benchmarkRuns() : QList<BenchmarkRunRecord>{};
        QMetaObject::invokeMethod(
            this, [this, list] { emit benchmarkRunsLoaded(list); }, Qt::QueuedConnection);
    });
}

}  // namespace peregrine
