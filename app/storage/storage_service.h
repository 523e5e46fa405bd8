// StorageService: the app's only door to SQLite. It owns a Database that lives on its own QThread
// ("storage"); the UI thread never waits on SQLite or fsync.
//
// Writes are queued and run in the order they were posted (one FIFO for reads and writes, so a read sees
// every write posted before it). Reads are requests whose results come back as signals on the thread that
// owns the service. A row written by a queued job has no database id yet: createConversation() and
// addMessage() return a local key (< 0) at once, which later calls may use in place of the id (the storage
// thread resolves it) and which the xxxStored() signals map to the real id.
//
// Errors: a failed open or write sets error() to the reason shown on screen (storage/storage_errors.h) and
// logs it; what the caller holds in memory is unaffected. Held writes: a conversation, message or benchmark
// write that fails on an open database (a full disk, an I/O error, a locked file) is held in memory, in order
// with every such write posted after it, and retried on the storage thread after retryInterval(), then at
// twice the previous wait up to a minute; when all
// are stored the error clears and their xxxStored() signals come again with the real ids. Reads do not see
// held writes. Shutdown: the destructor runs every pending job, tries the held writes once more (what still
// fails is logged as lost), closes the database on the storage thread and joins it.
//
// Thread: create, call and destroy on one thread (the UI thread in the app); signals arrive there.
#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <deque>
#include <functional>

#include "storage/database.h"
#include "storage/records.h"

namespace peregrine {

class StorageService : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(bool isOpen READ isOpen NOTIFY openChanged)

public:
    explicit StorageService(QObject* parent = nullptr);
    ~StorageService() override;

    // Opens path on the storage thread (creating and migrating it); opened() tells the outcome.
    void open(const QString& path);
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    QString error() const { return m_error; }

    // Runs job on the storage thread after every job posted before. The Database reference is valid only
    // inside the job. Thread-safe.
    void post(std::function<void(Database&)> job);
    // Runs job on the storage thread, then reply(result) on the service's thread unless context has been
    // destroyed by then (context must live on the service's thread).
    template <typename Result>
    void request(QObject* context, std::function<Result(Database&)> job, std::function<void(Result)> reply) {
        QPointer<QObject> alive(context);
        post([this, alive, job = std::move(job), reply = std::move(reply)](Database& db) {
            Result r = job(db);
            QMetaObject::invokeMethod(
                this,
                [alive, reply, r] {
                    if (alive) reply(r);
                },
                Qt::QueuedConnection);
        });
    }
    // Blocks until every job posted so far has run. Shutdown and tests only; never on the storage thread.
    void flush();
    // The first wait before held writes are tried again (ms, default 5000). Call before the first write.
    void setRetryInterval(int ms) { m_retryMs = ms; }
    int retryInterval() const { return m_retryMs; }
    // Writes held after a failure, as last reported by the storage thread.
    int heldWrites() const { return m_heldCount; }

    // Conversations and messages. The returned key stands for the row's id in later calls.
    qint64 createConversation(const QString& title, const QString& model);  // -> conversationCreated
    qint64 addMessage(const MessageRecord& record);                         // -> messageStored
    void updateMessage(const MessageRecord& record);                        // record.id may be a key
    void requestConversations(int limit = 200);                             // -> conversationsLoaded
    void requestMessages(qint64 conversationId);                            // -> messagesLoaded

    // Thermal series and benchmark runs.
    void addThermalSample(const ThermalSampleRecord& record);
    void pruneThermalSamples(const QDateTime& before);
    void requestThermalSamples(const QDateTime& since, int limit);  // -> thermalSamplesLoaded
    void addBenchmarkRun(const BenchmarkRunRecord& record);         // -> benchmarkRunStored
    void requestBenchmarkRuns();                                    // -> benchmarkRunsLoaded
    void requestToolEvalRuns();                                     // -> toolEvalRunsLoaded

signals:
    void opened(bool ok, const QString& error);
    void openChanged();
    void errorChanged();
    // id > 0 once written; 0 when the write failed (error() says why).
    void conversationCreated(qint64 key, qint64 id);
    void messageStored(qint64 key, qint64 id);
    void conversationsLoaded(const QList<peregrine::ConversationRecord>& conversations);
    void messagesLoaded(qint64 conversationId, const QList<peregrine::MessageRecord>& messages);
    void thermalSamplesLoaded(const QList<peregrine::ThermalSampleRecord>& samples);
    void benchmarkRunStored(qint64 id, const QString& error);
    void benchmarkRunsLoaded(const QList<peregrine::BenchmarkRunRecord>& runs);
    void toolEvalRunsLoaded(const QList<peregrine::ToolEvalRunRecord>& runs);  // newest first

private:
    // Storage thread: the id a key (< 0) stands for (0 if its write failed), or id itself.
    qint64 resolve(qint64 id) const;
    // Storage thread: reports db's last failure (on the service's thread).
    void reportFailure(const Database& db);
    void setError(const QString& error);  // service's thread

    // A write: returns whether it was stored; `retry` is false on its first run (report a failure then) and
    // true when it runs from the held queue (emit only on success).
    using WriteJob = std::function<bool(Database&, bool retry)>;
    void postWrite(WriteJob job);
    void runHeld(Database& db, bool shuttingDown);  // storage thread
    void reportHeld(const QString& why);            // storage thread -> service's thread

    QThread m_thread;
    QObject* m_context = nullptr;    // lives on m_thread; jobs are queued to it
    Database m_db;                   // used only on m_thread
    QHash<qint64, qint64> m_keys;    // storage thread only: key -> id
    QString m_openFailure;           // storage thread only: why the last open failed
    std::deque<WriteJob> m_held;     // storage thread only: failed writes and those posted after them
    QTimer* m_retryTimer = nullptr;  // storage thread only (a child of m_context)
    QString m_heldReason;            // storage thread only: the failure that made the first write wait
    int m_retryMs = 5000;
    int m_heldCount = 0;  // service's thread
    std::atomic<qint64> m_nextKey{-1};
    bool m_open = false;
    QString m_path, m_error;
};

void registerStorageTypes();

}  // namespace peregrine
