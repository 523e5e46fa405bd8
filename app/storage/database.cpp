// Database: opening, the newer-schema guard, pragmas and migrations. Record access is in
// database_records.cpp.
#include "storage/database.h"

#include <sqlite3.h>

#include <QDir>
#include <cerrno>
#include <QFileInfo>

#include "logging/logging.h"
#include "storage/sql_statement.h"
#include "storage/thread_guard.h"

namespace peregrine {

using storage_detail::noteSqliteCall;
using storage_detail::SqlStatement;

namespace {

// user_version of path read through a read-only connection that never checkpoints, so the file is not
// modified. Returns -1 with *error set when the file cannot be read as a database.
int probeSchemaVersion(const QString& path, QString* error) {
    noteSqliteCall("probe user_version");
    sqlite3* db = nullptr;
    int version = -1;
    int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    if (rc == SQLITE_OK) {
        sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        SqlStatement st(db, "PRAGMA user_version");
        if (st.next()) version = static_cast<int>(st.int64(0));
    }
    if (version < 0) *error = QString::fromUtf8(db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return version;
}

}  // namespace

Database::Database() : m_migrations(schemaMigrations()) {}

Database::Database(QList<Migration> migrations) : m_migrations(std::move(migrations)) {}

Database::~Database() {
    close();
}

int Database::latestSchemaVersion() {
    return schemaMigrations().isEmpty() ? 0 : schemaMigrations().last().version;
}

int Database::targetSchemaVersion() const {
    return m_migrations.isEmpty() ? 0 : m_migrations.last().version;
}

bool Database::fail(const QString& message) const {
    const storage_detail::SqliteFailure f = storage_detail::takeFailure();
    if (f.code != 0) {
        m_lastCode = f.code;
        m_lastErrno = f.systemErrno;
    } else if (m_db) {
        m_lastCode = sqlite3_errcode(m_db);
        m_lastErrno = sqlite3_system_errno(m_db);
    }
    m_lastError = message;
    qCWarning(lcStorage).noquote() << message;
    return false;
}

bool Database::exec(const char* sql) const {
    noteSqliteCall(sql);
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
    storage_detail::recordFailure(m_db);
    m_lastError = QString::fromUtf8(message ? message : sqlite3_errmsg(m_db));
    sqlite3_free(message);
    return false;
}

void Database::close() {
    if (m_db) {
        noteSqliteCall("close");
        sqlite3_close_v2(m_db);
    }
    m_db = nullptr;
}

bool Database::setMaxPageCount(int pages) {
    if (!m_db) return fail(QStringLiteral("cannot limit the size: the database is not open"));
    const QByteArray sql = "PRAGMA max_page_count = " + QByteArray::number(pages);
    SqlStatement st(m_db, sql.constData());
    return st.next() || !st.failed();
}

int Database::schemaVersion() const {
    if (!m_db) return 0;
    SqlStatement st(m_db, "PRAGMA user_version");
    return st.next() ? static_cast<int>(st.int64(0)) : 0;
}

bool Database::open(const QString& path) {
    close();
    noteSqliteCall("open");
    storage_detail::takeFailure();
    m_path = path;
    m_lastError.clear();
    m_lastCode = 0;
    m_lastErrno = 0;
    const int target = targetSchemaVersion();
    auto newerMessage = [&](int version) {
        return QStringLiteral(
                   "%1 has schema version %2 but this Peregrine knows up to %3: use a newer Peregrine "
                   "(the file is left untouched)")
            .arg(path)
            .arg(version)
            .arg(target);
    };

    // Refuse a newer (or unreadable) file before any write: the read-write open below changes the header.
    const QFileInfo info(path);
    if (info.exists() && info.size() > 0) {
        QString why;
        const int version = probeSchemaVersion(path, &why);
        if (version < 0) {
            m_lastCode = SQLITE_NOTADB;
            return fail(QStringLiteral("cannot open %1: %2 (the file is left untouched)").arg(path, why));
        }
        if (version > target) return fail(newerMessage(version));
    }

    const QString dir = info.absolutePath();
    if (!QFileInfo(dir).isDir() && !QDir().mkpath(dir)) {
        m_lastCode = SQLITE_CANTOPEN;
        m_lastErrno = errno;
        return fail(QStringLiteral("cannot open %1: cannot create the folder %2").arg(path, dir));
    }
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db, flags, nullptr) != SQLITE_OK) {
        const QString why = QString::fromUtf8(m_db ? sqlite3_errmsg(m_db) : "out of memory");
        m_lastCode = m_db ? sqlite3_errcode(m_db) : SQLITE_NOMEM;
        m_lastErrno = m_db ? sqlite3_system_errno(m_db) : 0;
        close();
        return fail(QStringLiteral("cannot open %1: %2").arg(path, why));
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, 5000);

    // A file that appeared between the probe and the open gets the same check (without a checkpoint on
    // close).
    const int version = schemaVersion();
    if (version > target) {
        sqlite3_db_config(m_db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        close();
        return fail(newerMessage(version));
    }

    // WAL + synchronous=FULL: each commit is fsync'ed to the WAL, so it survives a process kill and a power
    // cut.
    QString journal;
    {
        SqlStatement mode(m_db, "PRAGMA journal_mode = WAL");
        if (mode.next()) journal = mode.text(0);
    }  // finalized here: a live statement would block the migrations' COMMIT
    if (journal != QLatin1String("wal")) {
        m_lastCode = sqlite3_errcode(m_db);
        m_lastErrno = sqlite3_system_errno(m_db);
        const QString why = journal.isEmpty() ? QString::fromUtf8(sqlite3_errmsg(m_db)) : journal;
        close();
        return fail(QStringLiteral("cannot open %1: cannot switch to WAL journal (%2)").arg(path, why));
    }
    if (!exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")) {
        m_lastCode = sqlite3_errcode(m_db);
        const QString why = m_lastError;
        close();
        return fail(QStringLiteral("cannot open %1: %2").arg(path, why));
    }
    if (!migrate()) {
        close();
        return false;
    }
    qCDebug(lcStorage).noquote() << "opened" << path << "schema version" << schemaVersion();
    return true;
}

bool Database::migrate() {
    for (int i = 0; i < m_migrations.size(); ++i)
        if (m_migrations[i].version != i + 1)
            return fail(QStringLiteral("internal error: migration %1 is numbered %2")
                            .arg(i + 1)
                            .arg(m_migrations[i].version));

    const int from = schemaVersion();
    for (const Migration& m : std::as_const(m_migrations)) {
        if (m.version <= from) continue;
        qCInfo(lcStorage).noquote() << "migrating" << m_path << "to schema version" << m.version << "("
                                    << m.description << ")";
        const QByteArray sql =
            m.sql.toUtf8() + "\n;PRAGMA user_version = " + QByteArray::number(m.version) + ";";
        if (!exec("BEGIN IMMEDIATE"))
            return fail(QStringLiteral("cannot migrate %1: %2").arg(m_path, m_lastError));
        // Another connection to the file (the app's storage thread and the tools' own) may have migrated it
        // while this one waited for the write lock.
        if (schemaVersion() >= m.version) {
            exec("COMMIT");
            continue;
        }
        if (!exec(sql.constData())) {
            const QString why = m_lastError;
            exec("ROLLBACK");
            return fail(QStringLiteral(
                            "cannot migrate %1 to schema version %2 (%3): %4; the file stays at version %5")
                            .arg(m_path)
                            .arg(m.version)
                            .arg(m.description, why)
                            .arg(m.version - 1));
        }
        if (!exec("COMMIT")) {
            const QString why = m_lastError;
            exec("ROLLBACK");
            return fail(QStringLiteral("cannot migrate %1 to schema version %2: %3")
                            .arg(m_path)
                            .arg(m.version)
                            .arg(why));
        }
    }
    return true;
}

}  // namespace peregrine
