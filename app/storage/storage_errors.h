// The reason shown on screen (and logged) for a storage failure, from what Database recorded: a file that
// could not be opened (newer schema, not a database, read-only location) -> "the database is not open: ...";
// a full disk (SQLITE_FULL) -> "disk I/O error: the disk is full ..."; a read-only file or folder -> names
// the file and says it is read-only; other I/O errors -> "disk I/O error: ...". Thread: any (pure functions).
#pragma once

#include <QString>

namespace peregrine {

class Database;

// For a failed Database::open(path).
QString storageOpenFailureText(const Database& db, const QString& path);
// For a failed read or write on an open (or never opened) database.
QString storageFailureText(const Database& db);

}  // namespace peregrine
