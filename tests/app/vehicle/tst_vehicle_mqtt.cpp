// switch_device against a real broker: Debian's mosquitto started on a free local port, a mosquitto_sub
// subscriber checking what arrives, the cab phrase path without the model, retained QoS 2 messages, and
// the clear error when the broker is stopped, absent or silent. Skips when mosquitto is not installed.
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QJsonArray>
#include <QtTest>

#include "tools/tool_registry.h"
#include "vehicle/vehicle_tools.h"
#include "vehicle_fixtures.h"

using namespace peregrine;

namespace {

QString findTool(const QString& name) {
    return QStandardPaths::findExecutable(name, {"/usr/sbin", "/usr/bin", "/sbin", "/bin"});
}

quint16 freePort() {
    QTcpServer s;
    if (!s.listen(QHostAddress::LocalHost, 0)) return 0;
    return s.serverPort();
}

}  // namespace

class TestVehicleMqtt : public QObject {
    Q_OBJECT
    QString m_mosquitto, m_sub;
    quint16 m_port = 0;
    std::unique_ptr<QProcess> m_broker;
    QList<DeviceCommandRecord> m_log;

    bool startBroker() {
        m_broker = std::make_unique<QProcess>();
        m_broker->setProcessChannelMode(QProcess::MergedChannels);
        m_broker->start(m_mosquitto, {"-p", QString::number(m_port)});
        if (!m_broker->waitForStarted(3000)) return false;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 5000) {  // listening?
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_port);
            if (probe.waitForConnected(200)) return true;
            QTest::qWait(50);
        }
        return false;
    }

    void stopBroker() {
        if (!m_broker) return;
        m_broker->terminate();
        m_broker->waitForFinished(3000);
        m_broker.reset();
    }

    // mosquitto_sub on topic, started and subscribed (SUBACK seen) before this returns.
    std::unique_ptr<QProcess> subscribe(const QString& topic) {
        auto p = std::make_unique<QProcess>();
        // stdbuf: mosquitto_sub's stdout is a pipe here, block-buffered unless told otherwise.
        p->start("stdbuf", {"-oL", m_sub, "-h", "127.0.0.1", "-p", QString::number(m_port), "-t", topic, "-C",
                            "1", "-v", "-d", "-W", "5"});
        QElapsedTimer t;
        t.start();
        QByteArray seen;
        while (t.elapsed() < 5000 && !seen.contains("SUBACK")) {
            p->waitForReadyRead(100);
            seen += p->peek(1 << 16);
        }
        return seen.contains("SUBACK") ? std::move(p) : nullptr;
    }

    // The "-v" line (topic and payload) the subscriber printed.
    static QStringList received(QProcess& p) {
        p.waitForFinished(5000);
        QStringList lines;
        for (const QString& line : QString::fromUtf8(p.readAllStandardOutput()).split('\n'))
            if (!line.startsWith("Client ") && !line.startsWith("Subscribed ") && !line.isEmpty())
                lines << line;
        return lines;
    }

    VehicleConfig config(int timeoutMs = 2000) {
        VehicleConfig c;
        c.mqtt.port = m_port;
        c.mqtt.timeoutMs = timeoutMs;
        c.devices = testing::cabDevices();
        c.devices[2].payloadOn = "{\"state\":\"ON\"}";
        c.devices[2].qos = 0;
        c.devices[1].qos = 2;
        c.devices[1].retain = true;
        return c;
    }

    void fill(tools::ToolRegistry& registry, const VehicleConfig& c) {
        vehicle::addVehicleTools(registry, c, [this](const DeviceCommandRecord& r) { m_log << r; });
    }

private slots:
    void initTestCase() {
        m_mosquitto = findTool("mosquitto");
        m_sub = findTool("mosquitto_sub");
        if (m_mosquitto.isEmpty() || m_sub.isEmpty() || findTool("stdbuf").isEmpty())
            QSKIP(
                "mosquitto or mosquitto_sub is not installed (apt-get install mosquitto mosquitto-clients)");
    }

    void init() {
        m_log.clear();
        m_port = freePort();
        QVERIFY(m_port != 0);
        QVERIFY2(startBroker(), "mosquitto did not start");
    }

    void cleanup() { stopBroker(); }

    void publishesTheConfiguredPayload() {
        tools::ToolRegistry registry;
        fill(registry, config());
        auto sub = subscribe("rv/#");
        QVERIFY(sub);
        const tools::ToolResult r =
            registry.find("switch_device")->invoke({{"device", "cabin lights"}, {"state", "on"}});
        QVERIFY2(r.ok, qPrintable(r.say));
        QCOMPARE(r.say, QStringLiteral("Cabin lights on."));
        QCOMPARE(received(*sub), QStringList{"rv/cabin/lights/set ON"});

        // QoS 0 and a JSON payload; the connection of the first command is reused.
        sub = subscribe("rv/#");
        QVERIFY(sub);
        const tools::ToolResult porch =
            registry.find("switch_device")->invoke({{"device", "porch light"}, {"state", "on"}});
        QVERIFY2(porch.ok, qPrintable(porch.say));
        QCOMPARE(received(*sub), QStringList{"rv/porch/set {\"state\":\"ON\"}"});

        QCOMPARE(m_log.size(), 2);
        QCOMPARE(m_log[0].device, QStringLiteral("cabin lights"));
        QCOMPARE(m_log[0].state, QStringLiteral("on"));
        QCOMPARE(m_log[0].transport, QStringLiteral("mqtt"));
        QCOMPARE(m_log[0].detail, QStringLiteral("rv/cabin/lights/set ON"));
        QCOMPARE(m_log[0].ok, true);
        QCOMPARE(m_log[0].source, QStringLiteral("model"));

        const tools::ToolResult status = registry.find("device_status")->invoke({{"device", "lights"}});
        QVERIFY(status.ok);
        QVERIFY2(status.say.startsWith("I switched the cabin lights on at "), qPrintable(status.say));
        QCOMPARE(status.data.value("devices").toArray().at(0).toObject().value("state").toString(),
                 QStringLiteral("on"));
    }

    void cabPhraseWithoutTheModel() {
        tools::ToolRegistry registry;
        fill(registry, config());
        auto sub = subscribe("rv/cabin/lights/set");
        QVERIFY(sub);
        const std::optional<tools::ToolCall> call = registry.matchCommand("turn off the cabin lights");
        QVERIFY(call);
        const tools::ToolResult r = registry.find(call->name)->invoke(call->arguments);
        QVERIFY2(r.ok, qPrintable(r.say));
        QCOMPARE(received(*sub), QStringList{"rv/cabin/lights/set OFF"});
        QCOMPARE(m_log.size(), 1);
        QCOMPARE(m_log[0].source, QStringLiteral("voice"));
    }

    void retainedQos2() {
        tools::ToolRegistry registry;
        fill(registry, config());
        QVERIFY(registry.find("switch_device")->invoke({{"device", "water pump"}, {"state", "on"}}).ok);
        // Subscribed after the publish: only a retained message arrives.
        auto sub = subscribe("rv/pump/set");
        QVERIFY(sub);
        QCOMPARE(received(*sub), QStringList{"rv/pump/set ON"});
    }

    void stoppedBrokerGivesAClearError() {
        tools::ToolRegistry registry;
        fill(registry, config());
        QVERIFY(registry.find("switch_device")->invoke({{"device", "cabin lights"}, {"state", "on"}}).ok);
        stopBroker();
        QElapsedTimer t;
        t.start();
        const tools::ToolResult r =
            registry.find("switch_device")->invoke({{"device", "cabin lights"}, {"state", "off"}});
        QVERIFY(t.elapsed() < 2500);
        QVERIFY(!r.ok);
        const QString expected = QStringLiteral("MQTT broker at 127.0.0.1:%1 not reachable").arg(m_port);
        QVERIFY2(r.say.startsWith("I could not switch the cabin lights off: " + expected), qPrintable(r.say));
        QVERIFY2(r.data.value("error").toString().startsWith(expected),
                 qPrintable(r.data.value("error").toString()));
        QCOMPARE(m_log.size(), 2);
        QCOMPARE(m_log[1].ok, false);
        QVERIFY(m_log[1].error.startsWith(expected));
        // The state is what was last set successfully.
        QVERIFY(registry.find("device_status")
                    ->invoke({{"device", "cabin lights"}})
                    .say.contains("lights on at"));

        // A broker started again is found by the next command.
        QVERIFY(startBroker());
        QVERIFY(registry.find("switch_device")->invoke({{"device", "cabin lights"}, {"state", "off"}}).ok);
    }

    void noBrokerAtAll() {
        stopBroker();
        tools::ToolRegistry registry;
        fill(registry, config());
        const tools::ToolResult r =
            registry.find("switch_device")->invoke({{"device", "lights"}, {"state", "on"}});
        QVERIFY(!r.ok);
        QVERIFY2(r.say.contains(QStringLiteral("MQTT broker at 127.0.0.1:%1 not reachable").arg(m_port)),
                 qPrintable(r.say));
    }

    void silentBrokerTimesOut() {
        QTcpServer silent;  // accepts the TCP connection (kernel backlog) but never answers CONNECT
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        VehicleConfig c = config(300);
        c.mqtt.port = silent.serverPort();
        tools::ToolRegistry registry;
        fill(registry, c);
        QElapsedTimer t;
        t.start();
        const tools::ToolResult r =
            registry.find("switch_device")->invoke({{"device", "lights"}, {"state", "on"}});
        QVERIFY(!r.ok);
        QVERIFY2(t.elapsed() >= 250 && t.elapsed() < 1500, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(r.data.value("error").toString(),
                 QStringLiteral("MQTT broker at 127.0.0.1:%1 not reachable (no answer within 300 ms)")
                     .arg(silent.serverPort()));
    }
};

QTEST_GUILESS_MAIN(TestVehicleMqtt)
#include "tst_vehicle_mqtt.moc"
