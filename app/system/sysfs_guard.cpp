#include "system/sysfs_guard.h"

#include <QCoreApplication>
#include <QMutex>
#include <QThread>
#include <atomic>

#include "logging/logging.h"

namespace peregrine {

namespace {

std::atomic<bool> g_sysfsArmed{false};
std::atomic<int> g_sysfsReads{0};
QMutex g_pathMutex;
QString g_lastPath;  // guarded by g_pathMutex

}  // namespace

void armSysfsThreadGuard(bool armed) {
    g_sysfsReads = 0;
    {
        QMutexLocker lock(&g_pathMutex);
        g_lastPath.clear();
    }
    g_sysfsArmed = armed;
}

int sysfsMainThreadReads() {
    return g_sysfsReads.load();
}

QString sysfsLastMainThreadRead() {
    QMutexLocker lock(&g_pathMutex);
    return g_lastPath;
}

namespace system_detail {

void noteSysfsRead(const QString& root) {
    if (!g_sysfsArmed.load(std::memory_order_relaxed)) return;
    const QCoreApplication* app = QCoreApplication::instance();
    if (!app || QThread::currentThread() != app->thread()) return;
    g_sysfsReads.fetch_add(1);
    {
        QMutexLocker lock(&g_pathMutex);
        g_lastPath = root;
    }
    qCWarning(lcSystem).noquote() << "sysfs read on the UI thread:" << root;
}

}  // namespace system_detail

}  // namespace peregrine
