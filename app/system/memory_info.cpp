#include "system/memory_info.h"

#include <QFile>
#include <QLocale>

namespace peregrine {

namespace {

// Value of a "Key:   1234 kB" line in bytes, or -1.
qint64 kbField(const QByteArray& text, const QByteArray& key) {
    for (const QByteArray& line : text.split('\n')) {
        if (!line.startsWith(key)) continue;
        const QList<QByteArray> parts = line.mid(key.size()).simplified().split(' ');
        bool ok = false;
        const qint64 kb = parts.value(0).toLongLong(&ok);
        return ok ? kb * 1024 : -1;
    }
    return -1;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.read(64 * 1024);
}

}  // namespace

MemoryInfo readMemoryInfo(const QString& procRoot) {
    MemoryInfo info;
    info.rssBytes = kbField(readAll(procRoot + QStringLiteral("/self/status")), "VmRSS:");
    const QByteArray meminfo = readAll(procRoot + QStringLiteral("/meminfo"));
    info.availableBytes = kbField(meminfo, "MemAvailable:");
    info.totalBytes = kbField(meminfo, "MemTotal:");
    return info;
}

QString formatBytes(qint64 bytes) {
    if (bytes < 0) return QStringLiteral("?");
    const double mb = bytes / (1024.0 * 1024.0);
    if (mb < 1000) return QStringLiteral("%1 MB").arg(qRound(mb));
    return QStringLiteral("%1 GB").arg(mb / 1024.0, 0, 'f', 1);
}

}  // namespace peregrine
