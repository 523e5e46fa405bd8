#include "storage/thread_guard.h"

#include <QCoreApplication>
#include <QMutex>
#include <QThread>
#include <atomic>

#include "logging/logging.h"

namespace peregrine {

namespace {

std::atomic<bool> g_armed{false};
std::atomic<int> g_calls{0};
QMutex g_lastMutex;
QString g_last;  // guarded by g_lastMutex

}  // namespace

void armStorageThreadGuard(bool armed) {
    g_calls = 0;
    {
        QMutexLocker lock(&g_lastMutex);
        g_last.clear();
    }
    g_armed = armed;
}

bool storageThreadGuardArmed() {
    return g_armed.load();
}

int storageMainThreadCalls() {
    return g_calls.load();
}

QString storageLastMainThreadCall() {
    QMutexLocker lock(&g_lastMutex);
    return g_last;
}

namespace storage_detail {

void noteSqliteCall(const char* what) {
    if (!g_armed.load(std::memory_order_relaxed)) return;
    const QCoreApplication* app = QCoreApplication::instance();
    if (!app || QThread::currentThread() != app->thread()) return;
    ++g_calls;
    const QString name = QString::fromUtf8(what).simplified().left(80);
    {
        QMutexLocker lock(&g_lastMutex);
        g_last = name;
    }
    qCWarning(lcStorage).noquote() << "SQLite called on the UI thread:" << name;
}

}  // namespace storage_detail

}  // namespace peregrine
