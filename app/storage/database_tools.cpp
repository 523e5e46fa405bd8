// Database: timers, reminders and notes (tables timers and notes, schema v7), used by app/tools.
#include <sqlite3.h>

#include "storage/database.h"
#include "storage/sql_statement.h"

namespace peregrine {

using storage_detail::sqliteError;
using storage_detail::SqlStatement;

qint64 Database::addTimer(const TimerRecord& r) {
    if (!m_db) return failId(QStringLiteral("cannot add a timer: the database is not open"));
    SqlStatement st(m_db,
                    "INSERT INTO timers (created_at, due_at, duration_ms, label, kind, state, finished_at)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st.bindAll(r.createdAt.isValid() ? r.createdAt : QDateTime::currentDateTimeUtc(), r.dueAt, r.durationMs,
               r.label, r.kind, r.state, r.finishedAt);
    if (!st.run())
        return failId(QStringLiteral("cannot add a timer to %1: %2").arg(m_path, sqliteError(m_db)));
    return sqlite3_last_insert_rowid(m_db);
}

QList<TimerRecord> Database::timers(const QString& state) const {
    QList<TimerRecord> list;
    if (!m_db) {
        fail(QStringLiteral("cannot list timers: the database is not open"));
        return list;
    }
    SqlStatement st(m_db,
                    "SELECT id, created_at, due_at, duration_ms, label, kind, state, finished_at FROM timers"
                    " WHERE ?1 = '' OR state = ?1 ORDER BY due_at, id");
    st.bind(1, state);
    while (st.next()) {
        TimerRecord r;
        r.id = st.int64(0);
        r.createdAt = st.dateTime(1);
        r.dueAt = st.dateTime(2);
        r.durationMs = st.int64(3);
        r.label = st.text(4);
        r.kind = st.text(5);
        r.state = st.text(6);
        r.finishedAt = st.dateTime(7);
        list << r;
    }
    if (st.failed()) fail(QStringLiteral("cannot list timers in %1: %2").arg(m_path, sqliteError(m_db)));
    return list;
}

bool Database::setTimerState(qint64 id, const QString& fromState, const QString& state, const QDateTime& at) {
    if (!m_db) return fail(QStringLiteral("cannot change a timer: the database is not open"));
    SqlStatement st(m_db, "UPDATE timers SET state = ?3, finished_at = ?4 WHERE id = ?1 AND state = ?2");
    st.bindAll(id, fromState, state, at);
    if (!st.run())
        return fail(
            QStringLiteral("cannot change timer %1 in %2: %3").arg(id).arg(m_path, sqliteError(m_db)));
    return sqlite3_changes(m_db) > 0;
}

qint64 Database::addNote(const NoteRecord& r) {
    if (!m_db) return failId(QStringLiteral("cannot add a note: the database is not open"));
    SqlStatement st(m_db, "INSERT INTO notes (created_at, text) VALUES (?1, ?2)");
    st.bindAll(r.createdAt.isValid() ? r.createdAt : QDateTime::currentDateTimeUtc(), r.text);
    if (!st.run())
        return failId(QStringLiteral("cannot add a note to %1: %2").arg(m_path, sqliteError(m_db)));
    return sqlite3_last_insert_rowid(m_db);
}

QList<NoteRecord> Database::notes(const QDateTime& since, int limit) const {
    QList<NoteRecord> list;
    if (!m_db) {
        fail(QStringLiteral("cannot list notes: the database is not open"));
        return list;
    }
    SqlStatement st(m_db,
                    "SELECT id, created_at, text FROM notes WHERE created_at >= ?1"
                    " ORDER BY created_at DESC, id DESC LIMIT ?2");
    st.bind(1, since.isValid() ? since.toMSecsSinceEpoch() : qint64(0));
    st.bind(2, limit);
    while (st.next()) {
        NoteRecord r;
        r.id = st.int64(0);
        r.createdAt = st.dateTime(1);
        r.text = st.text(2);
        list << r;
    }
    if (st.failed()) fail(QStringLiteral("cannot list notes in %1: %2").arg(m_path, sqliteError(m_db)));
    return list;
}

bool Database::deleteNote(qint64 id) {
    if (!m_db) return fail(QStringLiteral("cannot delete a note: the database is not open"));
    SqlStatement st(m_db, "DELETE FROM notes WHERE id = ?1");
    st.bind(1, id);
    if (!st.run())
        return fail(QStringLiteral("cannot delete note %1 in %2: %3").arg(id).arg(m_path, sqliteError(m_db)));
    return sqlite3_changes(m_db) > 0;
}

}  // namespace peregrine
