#include "logging/main_thread_guard.h"

#include <QCoreApplication>
#include <QThread>

namespace peregrine {

void MainThreadGuard::arm(bool armed) {
    m_count = 0;
    {
        QMutexLocker lock(&m_lastMutex);
        m_last.clear();
    }
    m_armed = armed;
}

QString MainThreadGuard::last() const {
    QMutexLocker lock(&m_lastMutex);
    return m_last;
}

void MainThreadGuard::note(QAnyStringView name) {
    if (!m_armed.load(std::memory_order_relaxed)) return;
    const QCoreApplication* app = QCoreApplication::instance();
    if (!app || QThread::currentThread() != app->thread()) return;
    m_count.fetch_add(1);
    const QString shown = name.toString().simplified().left(80);
    {
        QMutexLocker lock(&m_lastMutex);
        m_last = shown;
    }
    qCWarning(m_category).noquote() << m_what << "on the UI thread:" << shown;
}

}  // namespace peregrine
