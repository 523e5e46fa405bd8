// Database: Peregrine's SQLite state (conversations, messages with per-stage timings, benchmark runs, voice
// latency runs, the thermal time series).
// WAL journal with synchronous=FULL: a committed row survives a process kill and a power cut (the cab loses
// power with the ignition). Schema changes are numbered migrations recorded in PRAGMA user_version, each in
// its own transaction. A file with a newer schema than this build knows is refused and never modified.
// Thread: one thread at a time (the connection is not shared); in the app that is the storage thread
// (StorageService), which storage/thread_guard.h asserts. Errors never throw: false / -1 / empty list,
// with lastError() set and a qCWarning(lcStorage).
#pragma once

#include <QList>
#include <QString>

#include "storage/migrations.h"
#include "storage/records.h"

struct sqlite3;

namespace peregrine {

class Database {
public:
    Database();  // the built-in migrations (schemaMigrations())
    // Tests: a custom migration list (versions 1..N, in order) to exercise upgrade paths.
    explicit Database(QList<Migration> migrations);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Opens (creating the file and its parent folders) and migrates to the latest schema. False with
    // lastError() on failure: newer schema, not a database, read-only location, disk full. Reopening closes
    // first.
    bool open(const QString& path);
    void close();
    bool isOpen() const { return m_db != nullptr; }
    QString path() const { return m_path; }
    QString lastError() const { return m_lastError; }
    // The SQLite result code (primary, e.g. SQLITE_FULL, SQLITE_READONLY, SQLITE_NOTADB) and the OS errno
    // behind the last failure (0 when unknown); StorageService turns them into the reason shown on screen.
    int lastErrorCode() const { return m_lastCode & 0xff; }
    int lastSystemErrno() const { return m_lastErrno; }
    // Caps the file at `pages` pages (PRAGMA max_page_count): writes beyond fail with SQLITE_FULL, as on a
    // full disk. For quotas and tests.
    bool setMaxPageCount(int pages);
    int schemaVersion() const;         // user_version of the open file (0 when closed)
    static int latestSchemaVersion();  // the last built-in migration
    int targetSchemaVersion() const;   // the last migration of this instance's list

    // Conversations. createConversation returns the new id or -1.
    qint64 createConversation(const QString& title, const QString& model);
    bool renameConversation(qint64 id, const QString& title);
    bool deleteConversation(qint64 id);                              // its messages go with it
    QList<ConversationRecord> conversations(int limit = 200) const;  // most recently updated first

    // Messages. addMessage ignores record.id and returns the new id or -1; updateMessage rewrites every
    // field but conversationId and createdAt of the row with record.id (false if there is no such row).
    qint64 addMessage(const MessageRecord& record);
    bool updateMessage(const MessageRecord& record);
    QList<MessageRecord> messages(qint64 conversationId) const;  // oldest first

    // Benchmark runs; benchmarkRuns(model) filters by model (empty = all), newest first.
    qint64 addBenchmarkRun(const BenchmarkRunRecord& record);
    // Several rows in one transaction (peregrine-bench: one per test): all stored or none.
    bool addBenchmarkRuns(const QList<BenchmarkRunRecord>& records);
    QList<BenchmarkRunRecord> benchmarkRuns(const QString& model = {}) const;

    // Voice latency runs (schema v3), one row per condition; newest first.
    qint64 addVoiceLatencyRun(const VoiceLatencyRunRecord& record);
    QList<VoiceLatencyRunRecord> voiceLatencyRuns(int limit = 1000) const;
    qint64 addWakeWordRun(const WakeWordRunRecord& record);  // bench/wake_word; 0 on failure

    // Echo canceller runs (schema v4), written by bench/echo; newest first.
    qint64 addEchoRun(const EchoRunRecord& record);
    QList<EchoRunRecord> echoRuns(int limit = 1000) const;
    // bench/tools (schema v9): the category rows of one run, all or none. toolEvalRuns: newest first.
    bool addToolEvalRuns(const QList<ToolEvalRunRecord>& records);
    QList<ToolEvalRunRecord> toolEvalRuns(int limit = 1000) const;

    // Vehicle device commands (schema v8), written by app/vehicle; newest first.
    qint64 addDeviceCommand(const DeviceCommandRecord& record);
    QList<DeviceCommandRecord> deviceCommands(int limit = 1000) const;

    // Thermal time series (schema v2). thermalSamples returns the newest `limit` samples at or after since,
    // oldest first; pruneThermalSamples deletes those before `before` and returns how many (-1 on error).
    qint64 addThermalSample(const ThermalSampleRecord& record);
    QList<ThermalSampleRecord> thermalSamples(const QDateTime& since, int limit = 10000) const;
    qint64 pruneThermalSamples(const QDateTime& before);

    // Timers and notes (schema v7, app/tools). addTimer/addNote return the new id or -1; each write is one
    // committed transaction (fsync'ed) before it returns. timers(state) lists those in that state ("" = all),
    // soonest due first; setTimerState changes a row still in fromState (false when there is none).
    qint64 addTimer(const TimerRecord& record);
    QList<TimerRecord> timers(const QString& state = QStringLiteral("pending")) const;
    bool setTimerState(qint64 id, const QString& fromState, const QString& state, const QDateTime& at);
    qint64 addNote(const NoteRecord& record);
    // Newest first: those created at or after since (invalid = all), at most limit.
    QList<NoteRecord> notes(const QDateTime& since = {}, int limit = 1000) const;
    bool deleteNote(qint64 id);  // false when there is no such note

private:
    bool fail(const QString& message) const;  // sets lastError, logs, returns false
    qint64 failId(const QString& message) const { return fail(message) ? 0 : -1; }
    bool exec(const char* sql) const;
    bool migrate();
    bool touchConversation(qint64 id);

    sqlite3* m_db = nullptr;
    QString m_path;
    QList<Migration> m_migrations;
    mutable QString m_lastError;
    mutable int m_lastCode = 0, m_lastErrno = 0;
};

}  // namespace peregrine
