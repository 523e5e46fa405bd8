// Database: the thermal time series (table thermal_samples, schema v2).
#include <sqlite3.h>

#include "storage/database.h"
#include "storage/sql_statement.h"

namespace peregrine {

using storage_detail::sqliteError;
using storage_detail::SqlStatement;

qint64 Database::addThermalSample(const ThermalSampleRecord& r) {
    if (!m_db) return failId(QStringLiteral("cannot add a thermal sample: the database is not open"));
    SqlStatement st(
        m_db,
        "INSERT INTO thermal_samples (at, temp_c, cur_khz, max_khz, level, throttled, decode_tok_s)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st.bind(1, r.at.isValid() ? r.at : QDateTime::currentDateTimeUtc());
    st.bind(2, r.tempC);
    st.bind(3, r.curKHz);
    st.bind(4, r.maxKHz);
    st.bind(5, r.level);
    st.bind(6, r.throttled ? 1 : 0);
    st.bind(7, r.decodeTokPerSec);
    if (!st.run())
        return failId(QStringLiteral("cannot add a thermal sample to %1: %2").arg(m_path, sqliteError(m_db)));
    return sqlite3_last_insert_rowid(m_db);
}

QList<ThermalSampleRecord> Database::thermalSamples(const QDateTime& since, int limit) const {
    QList<ThermalSampleRecord> list;
    if (!m_db) {
        fail(QStringLiteral("cannot list thermal samples: the database is not open"));
        return list;
    }
    SqlStatement st(m_db,
                    "SELECT id, at, temp_c, cur_khz, max_khz, level, throttled, decode_tok_s FROM"
                    " (SELECT * FROM thermal_samples WHERE at >= ?1 ORDER BY at DESC, id DESC LIMIT ?2)"
                    " ORDER BY at, id");
    st.bind(1, since.isValid() ? since.toMSecsSinceEpoch() : qint64(0));
    st.bind(2, limit);
    while (st.next()) {
        ThermalSampleRecord r;
        r.id = st.int64(0);
        r.at = st.dateTime(1);
        r.tempC = st.real(2);
        r.curKHz = st.int64(3);
        r.maxKHz = st.int64(4);
        r.level = static_cast<int>(st.int64(5));
        r.throttled = st.int64(6) != 0;
        r.decodeTokPerSec = st.optionalReal(7);
        list << r;
    }
    if (st.failed())
        fail(QStringLiteral("cannot list thermal samples in %1: %2").arg(m_path, sqliteError(m_db)));
    return list;
}

qint64 Database::pruneThermalSamples(const QDateTime& before) {
    if (!m_db) return failId(QStringLiteral("cannot prune thermal samples: the database is not open"));
    SqlStatement st(m_db, "DELETE FROM thermal_samples WHERE at < ?1");
    st.bind(1, before.toMSecsSinceEpoch());
    if (!st.run())
        return failId(
            QStringLiteral("cannot prune thermal samples in %1: %2").arg(m_path, sqliteError(m_db)));
    return sqlite3_changes(m_db);
}

}  // namespace peregrine
