// Memory figures from /proc: the process resident set and the system's available memory. Cheap (two small
// reads); any thread.
#pragma once

#include <QString>

namespace peregrine {

struct MemoryInfo {
    qint64 rssBytes = -1;        // VmRSS of this process; -1 when unknown
    qint64 availableBytes = -1;  // MemAvailable
    qint64 totalBytes = -1;      // MemTotal
};

// procRoot is "/proc" in production; tests point it at a fake tree with self/status and meminfo.
MemoryInfo readMemoryInfo(const QString& procRoot = QStringLiteral("/proc"));

// "1.2 GB", "734 MB"
QString formatBytes(qint64 bytes);

}  // namespace peregrine
