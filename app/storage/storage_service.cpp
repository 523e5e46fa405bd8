#include "storage/storage_service.h"

#include <QMetaType>
#include <sqlite3.h>

#include "logging/logging.h"
#include "storage/sql_statement.h"
#include "storage/storage_errors.h"

namespace peregrine {

void registerStorageTypes() {
    qRegisterMetaType<QList<ConversationRecord>>("QList<peregrine::ConversationRecord>");
    qRegisterMetaType<QList<MessageRecord>>("QList<peregrine::MessageRecord>");
    qRegisterMetaType<QList<ThermalSampleRecord>>("QList<peregrine::ThermalSampleRecord>");
    qRegisterMetaType<QList<BenchmarkRunRecord>>("QList<peregrine::BenchmarkRunRecord>");
    qRegisterMetaType<QList<ToolEvalRunRecord>>("QList<peregrine::ToolEvalRunRecord>");
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
    post([this](Database& db) {  // after every pending write, on the storage thread
        if (!m_held.empty()) runHeld(db, true);
        db.close();
    });
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

namespace {

constexpr size_t kMaxHeldWrites = 5000;  // about an hour of talk; beyond it, writes fail as they come

bool isTransientFailure(int sqliteCode) {
    return sqliteCode == SQLITE_FULL || sqliteCode == SQLITE_IOERR || sqliteCode == SQLITE_BUSY ||
           sqliteCode == SQLITE_LOCKED || sqliteCode == SQLITE_READONLY || sqliteCode == SQLITE_CANTOPEN;
}

}  // namespace

void StorageService::postWrite(WriteJob job) {
    post([this, job = std::move(job)](Database& db) {
        if (!m_held.empty() && m_held.size() < kMaxHeldWrites) {  // in order: after the writes waiting
            m_held.push_back(job);
            reportHeld(m_heldReason);
            return;
        }
        if (job(db, false)) return;
        // Held only when waiting can help (space freed, the lock released, the device back) and within
        // bounds; otherwise (no database at all, a constraint, a corrupt file) it is reported and dropped.
        if (!db.isOpen() || !isTransientFailure(db.lastErrorCode()) || !m_held.empty()) {
            reportFailure(db);
            return;
        }
        m_heldReason = storageFailureText(db);
        m_held.push_back(job);
        reportHeld(m_heldReason);
        if (!m_retryTimer) {
            m_retryTimer = new QTimer(m_context);
            m_retryTimer->setSingleShot(true);
            connect(m_retryTimer, &QTimer::timeout, m_context, [this] { runHeld(m_db, false); });
        }
        m_retryTimer->start(m_retryMs);
    });
}

void StorageService::runHeld(Database& db, bool shuttingDown) {
    int stored = 0;
    while (!m_held.empty()) {
        storage_detail::takeFailure();
        if (!m_held.front()(db, true)) break;
        m_held.pop_front();
        ++stored;
    }
    if (m_held.empty()) {
        qCInfo(lcStorage) << "storage:" << stored << "held writes stored; history is saved again";
        m_heldReason.clear();
        if (!shuttingDown) reportHeld(QString());
        return;
    }
    if (db.isOpen()) m_heldReason = storageFailureText(db);
    if (shuttingDown) {
        qCCritical(lcStorage).noquote()
            << "storage:" << m_held.size()
            << "writes could not be stored before exit and are lost:" << m_heldReason;
        m_held.clear();
        return;
    }
    reportHeld(m_heldReason);
    // Backs off to a minute between tries (each failed try logs its SQLite error).
    m_retryTimer->start(std::min(2 * m_retryTimer->interval(), std::max(m_retryMs, 60000)));
}

void StorageService::reportHeld(const QString& why) {
    const int held = static_cast<int>(m_held.size());
    const QString text =
        held == 0 ? QString()
                  : QStringLiteral(
                        "%1; %2 unsaved change(s) kept in memory and saved when writing works again "
                        "(retried every %3 s)")
                        .arg(why)
                        .arg(held)
                        .arg(qMax(1, m_retryMs / 1000));
    QMetaObject::invokeMethod(
        this,
        [this, held, text] {
            m_heldCount = held;
            setError(text);
        },
        Qt::QueuedConnection);
}

void StorageService::setError(const QString& error) {
    if (error == m_error) return;
    m_error = error;
    if (!error.isEmpty()) qCWarning(lcStorage).noquote() << "storage:" << error;
    emit errorChanged();
}

qint64 StorageService::createConversation(const QString& title, const QString& model) {
    const qint64 key = m_nextKey--;
    postWrite([this, key, title, model](Database& db, bool retry) {
        const qint64 id = db.createConversation(title, model);
        if (id > 0) m_keys.insert(key, id);
        if (id > 0 || !retry)
            QMetaObject::invokeMethod(
                this, [this, key, id] { emit conversationCreated(key, std::max<qint64>(id, 0)); },
                Qt::QueuedConnection);
        return id > 0;
    });
    return key;
}

qint64 StorageService::addMessage(const MessageRecord& record) {
    const qint64 key = m_nextKey--;
    postWrite([this, key, record](Database& db, bool retry) {
        MessageRecord r = record;
        r.conversationId = resolve(r.conversationId);
        qint64 id = 0;
        if (r.conversationId > 0) id = db.addMessage(r);
        if (id > 0) m_keys.insert(key, id);
        id = std::max<qint64>(id, 0);
        if (id > 0 || !retry)
            QMetaObject::invokeMethod(
                this, [this, key, id] { emit messageStored(key, id); }, Qt::QueuedConnection);
        return id > 0;
    });
    return key;
}

void StorageService::updateMessage(const MessageRecord& record) {
    postWrite([this, record](Database& db, bool) {
        MessageRecord r = record;
        r.id = resolve(r.id);
        r.conversationId = resolve(r.conversationId);
        return r.id > 0 && db.updateMessage(r);
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
        // Not held (a time series; the next sample follows); a failure is shown unless writes already wait.
        if (db.isOpen() && db.addThermalSample(record) <= 0 && m_held.empty()) reportFailure(db);
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
    postWrite([this, record](Database& db, bool retry) {
        const qint64 id = db.addBenchmarkRun(record);
        const QString why = id > 0 ? QString() : storageFailureText(db);
        if (id > 0 || !retry)
            QMetaObject::invokeMethod(
                this, [this, id, why] { emit benchmarkRunStored(std::max<qint64>(id, 0), why); },
                Qt::QueuedConnection);
        return id > 0;
    });
}

void StorageService::requestBenchmarkRuns() {
    post([this](Database& db) {
        const QList<BenchmarkRunRecord> list = db.isOpen() ? db.benchmarkRuns() : QList<BenchmarkRunRecord>{};
        QMetaObject::invokeMethod(
            this, [this, list] { emit benchmarkRunsLoaded(list); }, Qt::QueuedConnection);
    });
}

void StorageService::requestToolEvalRuns() {
    post([this](Database& db) {
        const QList<ToolEvalRunRecord> list = db.isOpen() ? db.toolEvalRuns() : QList<ToolEvalRunRecord>{};
        QMetaObject::invokeMethod(
            this, [this, list] { emit toolEvalRunsLoaded(list); }, Qt::QueuedConnection);
    });
}

}  // namespace peregrine
