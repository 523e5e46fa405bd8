// Internal to app/storage: a prepared sqlite3 statement with Qt-typed binds and columns.
// Indexes are 1-based for bind (as in SQLite) and 0-based for columns. Not copyable; finalizes on
// destruction.
#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace peregrine::storage_detail {

// The connection's last error message ("not open" for a null handle).
QString sqliteError(sqlite3* db);

// The result code (primary) and OS errno of a failed SQLite call, recorded per thread at the first failure
// (statements and Database::exec record it) and taken by Database::fail().
struct SqliteFailure {
    int code = 0;
    int systemErrno = 0;
};
void recordFailure(sqlite3* db);
SqliteFailure takeFailure();

class SqlStatement {
public:
    SqlStatement(sqlite3* db, const char* sql);
    ~SqlStatement();
    SqlStatement(const SqlStatement&) = delete;
    SqlStatement& operator=(const SqlStatement&) = delete;

    bool isValid() const { return m_stmt != nullptr; }

    void bind(int index, qint64 value);
    void bind(int index, int value) { bind(index, static_cast<qint64>(value)); }
    void bind(int index, double value);
    void bind(int index, const QString& value);    // a null QString binds '' (columns are NOT NULL text)
    void bind(int index, const QDateTime& value);  // ms since epoch UTC; invalid = NULL
    void bind(int index, const std::optional<double>& value);
    void bind(int index, const std::optional<int>& value);
    void bindNull(int index);
    // Binds the values to ?1, ?2, ... in order.
    template <typename... Values>
    void bindAll(const Values&... values) {
        int index = 1;
        (bind(index++, values), ...);
    }

    // Steps once: true when a row is available; false at the end or on an error (failed() tells which).
    bool next();
    // Runs to completion; true on SQLITE_DONE.
    bool run();
    bool failed() const { return m_failed; }

    qint64 int64(int column) const;
    double real(int column) const;
    QString text(int column) const;
    QDateTime dateTime(int column) const;
    std::optional<double> optionalReal(int column) const;
    std::optional<int> optionalInt(int column) const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    bool m_failed = false;
};

}  // namespace peregrine::storage_detail
