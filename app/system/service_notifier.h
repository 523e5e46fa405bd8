// ServiceNotifier: tells systemd the app is up and alive, without libsystemd. It writes the sd_notify
// datagrams ("READY=1", "WATCHDOG=1", "STOPPING=1") to the AF_UNIX socket named by $NOTIFY_SOCKET (a path, or
// "@name" for the abstract namespace). When $WATCHDOG_USEC is set the WATCHDOG=1 ping comes from a QTimer on
// the thread that owns this object, every half period: create it on the UI thread, so a UI thread that hangs
// stops the pings and systemd (WatchdogSec=, Restart=) kills and restarts the app. Under `cage` the app is a
// child of the unit's main process, so the unit needs NotifyAccess=all and $WATCHDOG_PID is not compared.
// Without $NOTIFY_SOCKET (desktop, tests, CI) every call does nothing.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

namespace peregrine {

class ServiceNotifier : public QObject {
    Q_OBJECT

public:
    explicit ServiceNotifier(QObject* parent = nullptr);

    bool active() const { return !m_socket.isEmpty(); }  // $NOTIFY_SOCKET was set
    int watchdogIntervalMs() const;                      // ping period; 0 = no watchdog

    // READY=1 with a STATUS= line, and starts the watchdog pings (the first one right away).
    void notifyReady(const QString& status);
    void notifyStopping();
    // One datagram; false when there is no socket or the send failed. Cost: one sendto().
    bool send(const QByteArray& message) const;

private:
    QByteArray m_socket;
    qint64 m_watchdogUsec = 0;
    QTimer m_timer;
};

}  // namespace peregrine
