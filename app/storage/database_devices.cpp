// Database: the vehicle device command log (table device_commands, schema v8).
#include <sqlite3.h>

#include "storage/database.h"
#include "storage/sql_statement.h"

namespace peregrine {

using storage_detail::sqliteError;
using storage_detail::SqlStatement;

qint64 Database::addDeviceCommand(const DeviceCommandRecord& r) {
    if (!m_db) return failId(QStringLiteral("cannot log a device command: the database is not open"));
    SqlStatement st(m_db,
                    "INSERT INTO device_commands (at, device, state, transport, detail, ok, error, source)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    st.bind(1, r.at.isValid() ? r.at : QDateTime::currentDateTimeUtc());
    st.bind(2, r.device);
    st.bind(3, r.state);
    st.bind(4, r.transport);
    st.bind(5, r.detail);
    st.bind(6, r.ok ? 1 : 0);
    st.bind(7, r.error);
    st.bind(8, r.source);
    if (!st.run())
        return failId(QStringLiteral("cannot log a device command in %1: %2").arg(m_path, sqliteError(m_db)));
    return sqlite3_last_insert_rowid(m_db);
}

QList<DeviceCommandRecord> Database::deviceCommands(int limit) const {
    QList<DeviceCommandRecord> list;
    if (!m_db) {
        fail(QStringLiteral("cannot list device commands: the database is not open"));
        return list;
    }
    SqlStatement st(m_db,
                    "SELECT id, at, device, state, transport, detail, ok, error, source FROM device_commands"
                    " ORDER BY at DESC, id DESC LIMIT ?1");
    st.bind(1, limit);
    while (st.next()) {
        DeviceCommandRecord r;
        r.id = st.int64(0);
        r.at = st.dateTime(1);
        r.device = st.text(2);
        r.state = st.text(3);
        r.transport = st.text(4);
        r.detail = st.text(5);
        r.ok = st.int64(6) != 0;
        r.error = st.text(7);
        r.source = st.text(8);
        list << r;
    }
    if (st.failed())
        fail(QStringLiteral("cannot list device commands in %1: %2").arg(m_path, sqliteError(m_db)));
    return list;
}

}  // namespace peregrine
