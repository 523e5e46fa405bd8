#include "tools/tool_store.h"

#include <QMutexLocker>

namespace peregrine::tools {

WallClock systemWallClock() {
    return [] { return QDateTime::currentDateTimeUtc(); };
}

ToolStore::ToolStore(QString databasePath) : m_path(std::move(databasePath)) {}

QString ToolStore::lastError() const {
    QMutexLocker lock(&m_mutex);
    return m_error;
}

bool ToolStore::ensureOpen() {
    if (m_db.isOpen()) return true;
    if (m_path.isEmpty()) {
        m_error = QStringLiteral("no database is configured");
        return false;
    }
    if (!m_db.open(m_path)) {
        m_error = m_db.lastError();
        return false;
    }
    return true;
}

template <typename Result>
Result ToolStore::call(Result failed, const std::function<Result(Database&)>& job) {
    QMutexLocker lock(&m_mutex);
    if (!ensureOpen()) return failed;
    m_error.clear();
    const QString before = m_db.lastError();
    Result r = job(m_db);
    // A read that failed (Database keeps its last error; a new message means this call failed).
    if (m_error.isEmpty() && m_db.lastError() != before) m_error = m_db.lastError();
    return r;
}

qint64 ToolStore::addTimer(const TimerRecord& record) {
    return call<qint64>(-1, [&](Database& db) {
        const qint64 id = db.addTimer(record);
        if (id <= 0) m_error = db.lastError();
        return id;
    });
}

QList<TimerRecord> ToolStore::timers(const QString& state) {
    return call<QList<TimerRecord>>({}, [&](Database& db) { return db.timers(state); });
}

bool ToolStore::setTimerState(qint64 id, const QString& fromState, const QString& state,
                              const QDateTime& at) {
    return call<bool>(false, [&](Database& db) { return db.setTimerState(id, fromState, state, at); });
}

qint64 ToolStore::addNote(const NoteRecord& record) {
    return call<qint64>(-1, [&](Database& db) {
        const qint64 id = db.addNote(record);
        if (id <= 0) m_error = db.lastError();
        return id;
    });
}

QList<NoteRecord> ToolStore::notes(const QDateTime& since, int limit) {
    return call<QList<NoteRecord>>({}, [&](Database& db) { return db.notes(since, limit); });
}

bool ToolStore::deleteNote(qint64 id) {
    return call<bool>(false, [&](Database& db) { return db.deleteNote(id); });
}

void ToolStore::close() {
    QMutexLocker lock(&m_mutex);
    m_db.close();
}

qint64 ToolStore::addDeviceCommand(const DeviceCommandRecord& record) {
    return call<qint64>(-1, [&](Database& db) {
        const qint64 id = db.addDeviceCommand(record);
        if (id <= 0) m_error = db.lastError();
        return id;
    });
}

}  // namespace peregrine::tools
