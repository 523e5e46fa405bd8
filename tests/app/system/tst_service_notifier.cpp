// ServiceNotifier against a datagram socket standing in for systemd's $NOTIFY_SOCKET: READY=1 with STATUS,
// WATCHDOG=1 every half of $WATCHDOG_USEC from the owning thread's event loop, no pings while that thread is
// blocked (what makes systemd restart a hung UI), STOPPING=1, the abstract namespace, and nothing at all
// without $NOTIFY_SOCKET.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <cstring>

#include "system/service_notifier.h"

using peregrine::ServiceNotifier;

namespace {

// A bound AF_UNIX datagram socket (path, or abstract when the name starts with '@'); non-blocking reads.
class FakeSystemd {
public:
    explicit FakeSystemd(const QByteArray& name) : m_name(name) {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, name.constData(), static_cast<size_t>(name.size()));
        if (name.startsWith('@')) addr.sun_path[0] = '\0';
        m_bound = ::bind(m_fd, reinterpret_cast<sockaddr*>(&addr),
                         static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size())) == 0;
    }
    ~FakeSystemd() { ::close(m_fd); }
    bool bound() const { return m_bound; }
    QByteArrayList read() {
        QByteArrayList messages;
        char buf[512];
        for (ssize_t n; (n = ::recv(m_fd, buf, sizeof buf, 0)) > 0;) messages << QByteArray(buf, n);
        return messages;
    }

private:
    QByteArray m_name;
    int m_fd = -1;
    bool m_bound = false;
};

void spin(int ms) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

}  // namespace

class TestServiceNotifier : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

private slots:
    void cleanup() {
        qunsetenv("NOTIFY_SOCKET");
        qunsetenv("WATCHDOG_USEC");
    }

    void readyThenWatchdogFromTheEventLoop() {
        const QByteArray path = (m_tmp.path() + "/notify").toUtf8();
        FakeSystemd systemd(path);
        QVERIFY(systemd.bound());
        qputenv("NOTIFY_SOCKET", path);
        qputenv("WATCHDOG_USEC", "200000");  // pings every 100 ms
        ServiceNotifier notifier;
        QVERIFY(notifier.active());
        QCOMPARE(notifier.watchdogIntervalMs(), 100);
        notifier.notifyReady(QStringLiteral("kiosk window shown"));
        QByteArrayList got = systemd.read();
        QCOMPARE(got.value(0), QByteArray("READY=1\nSTATUS=kiosk window shown"));
        QCOMPARE(got.value(1), QByteArray("WATCHDOG=1"));
        spin(550);
        got = systemd.read();
        QVERIFY2(got.size() >= 3 && got.size() <= 7, QByteArray::number(got.size()));
        for (const QByteArray& m : got) QCOMPARE(m, QByteArray("WATCHDOG=1"));

        QThread::msleep(450);  // the UI thread hangs: no event loop, no pings
        QCOMPARE(systemd.read().size(), 0);
        spin(250);  // it recovers: pings again (one may be the coalesced overdue one)
        QVERIFY(systemd.read().size() >= 1);

        notifier.notifyStopping();
        QCOMPARE(systemd.read().value(0), QByteArray("STOPPING=1"));
        spin(250);
        QCOMPARE(systemd.read().size(), 0);
    }

    void abstractSocketWithoutWatchdog() {
        const QByteArray name = "@peregrine-test-" + QByteArray::number(QCoreApplication::applicationPid());
        FakeSystemd systemd(name);
        QVERIFY(systemd.bound());
        qputenv("NOTIFY_SOCKET", name);
        ServiceNotifier notifier;
        QCOMPARE(notifier.watchdogIntervalMs(), 0);
        notifier.notifyReady(QStringLiteral("up"));
        spin(100);
        QCOMPARE(systemd.read(), QByteArrayList{QByteArray("READY=1\nSTATUS=up")});
    }

    void nothingWithoutNotifySocket() {
        qputenv("WATCHDOG_USEC", "200000");
        ServiceNotifier notifier;
        QVERIFY(!notifier.active());
        QCOMPARE(notifier.watchdogIntervalMs(), 0);
        QVERIFY(!notifier.send("READY=1"));
    }
};

QTEST_GUILESS_MAIN(TestServiceNotifier)
#include "tst_service_notifier.moc"
