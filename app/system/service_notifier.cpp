#include "system/service_notifier.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <QLoggingCategory>
#include <algorithm>
#include <cerrno>
#include <cstring>

#include "logging/logging.h"

namespace peregrine {

ServiceNotifier::ServiceNotifier(QObject* parent) : QObject(parent), m_socket(qgetenv("NOTIFY_SOCKET")) {
    bool ok = false;
    const qint64 usec = qEnvironmentVariable("WATCHDOG_USEC").toLongLong(&ok);
    if (ok && usec > 0) m_watchdogUsec = usec;
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] { send(QByteArrayLiteral("WATCHDOG=1")); });
}

int ServiceNotifier::watchdogIntervalMs() const {
    if (m_watchdogUsec <= 0 || !active()) return 0;
    return static_cast<int>(std::clamp<qint64>(m_watchdogUsec / 2000, 50, 3600 * 1000));
}

void ServiceNotifier::notifyReady(const QString& status) {
    if (!active()) return;
    send(QByteArrayLiteral("READY=1\nSTATUS=") + status.toUtf8());
    if (const int ms = watchdogIntervalMs()) {
        send(QByteArrayLiteral("WATCHDOG=1"));
        m_timer.start(ms);
        qCInfo(lcSystem) << "systemd watchdog: pinging every" << ms << "ms from the UI thread";
    }
}

void ServiceNotifier::notifyStopping() {
    m_timer.stop();
    send(QByteArrayLiteral("STOPPING=1"));
}

bool ServiceNotifier::send(const QByteArray& message) const {
    if (m_socket.size() < 2 || (m_socket[0] != '/' && m_socket[0] != '@')) return false;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (static_cast<size_t>(m_socket.size()) >= sizeof(addr.sun_path)) return false;
    std::memcpy(addr.sun_path, m_socket.constData(), static_cast<size_t>(m_socket.size()));
    if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0';  // abstract namespace
    const socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + m_socket.size());
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const ssize_t sent = ::sendto(fd, message.constData(), static_cast<size_t>(message.size()), MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr*>(&addr), len);
    ::close(fd);
    if (sent != message.size()) {
        qCWarning(lcSystem) << "sd_notify to" << m_socket << "failed:" << std::strerror(errno);
        return false;
    }
    return true;
}

}  // namespace peregrine
