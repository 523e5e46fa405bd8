// ToolStore: the database connection of the tools (timers, reminders, notes), its own SQLite connection to
// the app's database file (WAL: the storage thread's connection and this one share the file). Opened on
// first use, on the calling thread (the tools thread in the app; the CLI's main thread), so building the
// registry never touches disk. Every write is committed (fsync'ed) before the call returns: a timer is on
// disk before "Timer set" is said.
// Thread: any; one mutex serialises the calls (each is a single short statement, well under a millisecond
// plus the fsync of a write).
#pragma once

#include <QDateTime>
#include <QMutex>
#include <functional>
#include <memory>

#include "storage/database.h"
#include "tools/tool.h"

namespace peregrine::tools {

// The wall clock the tools read (UTC). Tests inject a fake one.
using WallClock = std::function<QDateTime()>;
WallClock systemWallClock();

class ToolStore {
public:
    explicit ToolStore(QString databasePath);

    QString path() const { return m_path; }
    // Why the last call failed ("" after a success): the database could not be opened or written.
    QString lastError() const;

    // Each returns what Database returns (-1 / false / empty list on failure, lastError() says why).
    qint64 addTimer(const TimerRecord& record);
    QList<TimerRecord> timers(const QString& state = QStringLiteral("pending"));
    bool setTimerState(qint64 id, const QString& fromState, const QString& state, const QDateTime& at);
    qint64 addNote(const NoteRecord& record);
    QList<NoteRecord> notes(const QDateTime& since = {}, int limit = 1000);
    bool deleteNote(qint64 id);
    // Closes the connection (the next call reopens it). ToolService calls it on the tools thread at shutdown,
    // so the UI thread never closes SQLite.
    void close();
    // The vehicle's command log (device_commands), for hosts without a StorageService (the CLI).
    qint64 addDeviceCommand(const DeviceCommandRecord& record);

private:
    bool ensureOpen();  // with m_mutex held
    template <typename Result>
    Result call(Result failed, const std::function<Result(Database&)>& job);

    QString m_path;
    mutable QMutex m_mutex;
    Database m_db;
    QString m_error;
};

// What every tool built by buildToolRegistry shares.
struct ToolContext {
    std::shared_ptr<ToolStore> store;  // null: timers and notes answer that they cannot store anything
    WallClock clock = systemWallClock();
};

// Base of the tools that use the store and the clock.
class ContextTool : public Tool {
public:
    explicit ContextTool(ToolContext context) : m_context(std::move(context)) {}

protected:
    ToolContext m_context;
};

}  // namespace peregrine::tools
