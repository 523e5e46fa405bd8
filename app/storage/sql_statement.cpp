#include "storage/sql_statement.h"

#include <sqlite3.h>

#include "storage/thread_guard.h"

namespace peregrine::storage_detail {

QString sqliteError(sqlite3* db) {
    return db ? QString::fromUtf8(sqlite3_errmsg(db)) : QStringLiteral("not open");
}

namespace {
// The first failure since the last takeFailure() on this thread (a later ROLLBACK resets the connection's
// error code, so it is kept here when it happens).
thread_local SqliteFailure t_failure;
}  // namespace

void recordFailure(sqlite3* db) {
    if (!db || t_failure.code != 0) return;
    t_failure.code = sqlite3_errcode(db) & 0xff;
    t_failure.systemErrno = sqlite3_system_errno(db);
}

SqliteFailure takeFailure() {
    const SqliteFailure f = t_failure;
    t_failure = {};
    return f;
}

SqlStatement::SqlStatement(sqlite3* db, const char* sql) : m_db(db) {
    noteSqliteCall(sql);
    if (!db || sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK) {
        recordFailure(db);
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
        m_failed = true;
    }
}

SqlStatement::~SqlStatement() {
    sqlite3_finalize(m_stmt);
}

void SqlStatement::bind(int index, qint64 value) {
    sqlite3_bind_int64(m_stmt, index, value);
}

void SqlStatement::bind(int index, double value) {
    sqlite3_bind_double(m_stmt, index, value);
}

void SqlStatement::bind(int index, const QString& value) {
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(m_stmt, index, utf8.constData(), static_cast<int>(utf8.size()), SQLITE_TRANSIENT);
}

void SqlStatement::bind(int index, const QDateTime& value) {
    if (value.isValid())
        sqlite3_bind_int64(m_stmt, index, value.toMSecsSinceEpoch());
    else
        sqlite3_bind_null(m_stmt, index);
}

void SqlStatement::bind(int index, const std::optional<double>& value) {
    if (value)
        sqlite3_bind_double(m_stmt, index, *value);
    else
        sqlite3_bind_null(m_stmt, index);
}

void SqlStatement::bind(int index, const std::optional<int>& value) {
    if (value)
        sqlite3_bind_int64(m_stmt, index, *value);
    else
        sqlite3_bind_null(m_stmt, index);
}

void SqlStatement::bindNull(int index) {
    sqlite3_bind_null(m_stmt, index);
}

bool SqlStatement::next() {
    if (!m_stmt || m_failed) return false;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) {
        m_failed = true;
        recordFailure(m_db);
    }
    return false;
}

bool SqlStatement::run() {
    while (next()) {
    }
    return !m_failed;
}

qint64 SqlStatement::int64(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

double SqlStatement::real(int column) const {
    return sqlite3_column_double(m_stmt, column);
}

QString SqlStatement::text(int column) const {
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return bytes ? QString::fromUtf8(bytes, sqlite3_column_bytes(m_stmt, column)) : QString();
}

QDateTime SqlStatement::dateTime(int column) const {
    if (sqlite3_column_type(m_stmt, column) == SQLITE_NULL) return {};
    return QDateTime::fromMSecsSinceEpoch(sqlite3_column_int64(m_stmt, column), Qt::UTC);
}

std::optional<double> SqlStatement::optionalReal(int column) const {
    if (sqlite3_column_type(m_stmt, column) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_double(m_stmt, column);
}

std::optional<int> SqlStatement::optionalInt(int column) const {
    if (sqlite3_column_type(m_stmt, column) == SQLITE_NULL) return std::nullopt;
    return static_cast<int>(sqlite3_column_int64(m_stmt, column));
}

}  // namespace peregrine::storage_detail
