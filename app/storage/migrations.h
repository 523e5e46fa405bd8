// Numbered schema migrations. Migration N takes a database at user_version N-1 to N; Database runs each
// pending one in its own transaction together with "PRAGMA user_version = N". To change the schema, append
// a migration (never edit a released one) and add a test that upgrades a database of the previous version.
#pragma once

#include <QList>
#include <QString>

namespace peregrine {

struct Migration {
    int version = 0;      // 1, 2, ... in order
    QString description;  // "conversations, messages, benchmark runs"
    QString sql;          // one or more statements; must not contain BEGIN/COMMIT
};

// The built-in migrations, version 1..latest.
const QList<Migration>& schemaMigrations();

}  // namespace peregrine
