#include "storage/storage_errors.h"

#include <sqlite3.h>

#include <QFileInfo>
#include <cerrno>

#include "storage/database.h"

namespace peregrine {

namespace {

bool isReadOnlyFailure(const Database& db) {
    const int e = db.lastSystemErrno();
    return db.lastErrorCode() == SQLITE_READONLY || e == EROFS || e == EACCES || e == EPERM;
}

QString readOnlyText(const QString& path) {
    return QObject::tr("%1 is read-only: neither the file nor its folder %2 can be written")
        .arg(path, QFileInfo(path).absolutePath());
}

}  // namespace

QString storageOpenFailureText(const Database& db, const QString& path) {
    const QString reason = isReadOnlyFailure(db)
                               ? readOnlyText(path) + QStringLiteral(" (") + db.lastError() + QLatin1Char(')')
                               : db.lastError();
    return QObject::tr("the database is not open: %1").arg(reason);
}

QString storageFailureText(const Database& db) {
    if (!db.isOpen())
        return QObject::tr("the database is not open: %1")
            .arg(db.lastError().isEmpty() ? QObject::tr("no database file") : db.lastError());
    switch (db.lastErrorCode()) {
        case SQLITE_FULL:
            return QObject::tr("disk I/O error: the disk is full, %1 cannot grow (%2)")
                .arg(db.path(), db.lastError());
        case SQLITE_IOERR:
            return QObject::tr("disk I/O error: %1").arg(db.lastError());
        default:
            break;
    }
    if (isReadOnlyFailure(db)) return readOnlyText(db.path()) + QStringLiteral(" (") + db.lastError() + ')';
    return db.lastError();
}

}  // namespace peregrine
