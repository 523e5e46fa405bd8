// The devices list and mqtt.* keys: a good file, every kind of bad entry (an error naming FILE:LINE and the
// key, the entry skipped, the others kept), layers, and the key table `peregrine-cli config keys` prints.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "config/config_devices.h"
#include "config/config_loader.h"
#include "config/config_schema.h"

using namespace peregrine;

class TestVehicleConfig : public QObject {
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_file;

    ConfigResult load(const QByteArray& text) {
        QFile f(m_file);
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(m_file));
        f.write(text);
        f.close();
        return ConfigLoader(QString()).load(m_file);
    }

private slots:
    void init() {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_tmp->path() + "/config"));
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_tmp->path() + "/data"));
        m_file = m_tmp->path() + "/peregrine.yaml";
    }

    void defaults() {
        const ConfigResult r = ConfigLoader(QString()).load();
        QVERIFY(r.ok());
        QCOMPARE(r.config.vehicle.mqtt.host, QStringLiteral("127.0.0.1"));
        QCOMPARE(r.config.vehicle.mqtt.port, 1883);
        QCOMPARE(r.config.vehicle.mqtt.timeoutMs, 2000);
        QVERIFY(r.config.vehicle.devices.isEmpty());
        QCOMPARE(r.source("devices"), QStringLiteral("default"));
        for (const char* key : {"devices", "mqtt.host", "mqtt.port", "mqtt.client_id", "mqtt.username",
                                "mqtt.password_file", "mqtt.timeout_ms"})
            QVERIFY2(isConfigKey(QString::fromLatin1(key)), key);
    }

    void goodDevices() {
        const ConfigResult r = load(
            "mqtt:\n"
            "  port: 1884\n"
            "devices:\n"
            "  - name: Cabin Lights\n"
            "    aliases: [lights, inside lights]\n"
            "    kind: light\n"
            "    mqtt:\n"
            "      topic: rv/cabin/lights/set\n"
            "      payload_on: '{\"state\": 1}'\n"
            "      payload_off: '{\"state\": 0}'\n"
            "      retain: true\n"
            "      qos: 2\n"
            "  - name: awning\n"
            "    kind: awning\n"
            "    can: {interface: can0, id: 0x1A0, data_on: 01 FF, data_off: '00:ff'}\n"
            "  - name: water pump\n"
            "    kind: water_pump\n"
            "    confirm: false\n"
            "    can: {interface: vcan0, id: 18FEF100, data_on: '0x01', data_off: ''}\n");
        QVERIFY2(r.ok(), qPrintable(r.errors.join('\n')));
        QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join('\n')));
        const QList<DeviceConfig>& d = r.config.vehicle.devices;
        QCOMPARE(d.size(), 3);
        QCOMPARE(d[0].name, QStringLiteral("Cabin Lights"));
        QCOMPARE(d[0].aliases, (QStringList{"lights", "inside lights"}));
        QCOMPARE(d[0].kind, DeviceKind::Light);
        QCOMPARE(d[0].transport, DeviceTransport::Mqtt);
        QCOMPARE(d[0].topic, QStringLiteral("rv/cabin/lights/set"));
        QCOMPARE(d[0].payloadOn, QByteArray("{\"state\": 1}"));
        QCOMPARE(d[0].payloadOff, QByteArray("{\"state\": 0}"));
        QCOMPARE(d[0].retain, true);
        QCOMPARE(d[0].qos, 2);
        QCOMPARE(d[0].where, m_file + ":4");
        QCOMPARE(d[1].transport, DeviceTransport::Can);
        QCOMPARE(d[1].canInterface, QStringLiteral("can0"));
        QCOMPARE(d[1].canId, 0x1A0u);
        QCOMPARE(d[1].canExtended, false);
        QCOMPARE(d[1].dataOn, QByteArray::fromHex("01FF"));
        QCOMPARE(d[1].dataOff, QByteArray::fromHex("00FF"));
        QCOMPARE(d[2].kind, DeviceKind::WaterPump);
        QCOMPARE(d[2].confirm, DeviceConfig::Confirm::Never);
        QCOMPARE(d[2].canId, 0x18FEF100u);
        QCOMPARE(d[2].canExtended, true);  // above 7FF: extended without saying so
        QCOMPARE(d[2].dataOn, QByteArray::fromHex("01"));
        QCOMPARE(d[2].dataOff, QByteArray());
        QCOMPARE(r.config.vehicle.mqtt.port, 1884);
        QCOMPARE(r.source("devices"), m_file + ":3");
        QCOMPARE(configValueText(r.config, "devices"),
                 QStringLiteral("Cabin Lights (mqtt), awning (can), water pump (can)"));
    }

    void badEntries_data() {
        QTest::addColumn<QByteArray>("entry");  // one bad device, written at line 3
        QTest::addColumn<QString>("error");     // after "FILE:"
        QTest::newRow("kind") << QByteArray("  - name: fan\n    kind: fan\n    mqtt: {topic: t}\n")
                              << "4: devices[1].kind: expected one of light, awning, water_pump, heater, "
                                 "inverter, other, got 'fan' (device 'fan' skipped)";
        QTest::newRow("no name") << QByteArray("  - kind: light\n    mqtt: {topic: t}\n")
                                 << "3: devices[1].name: missing (entry skipped)";
        QTest::newRow("no transport") << QByteArray("  - name: fan\n")
                                      << "3: devices[1].mqtt: missing: a device needs mqtt: or can: (device "
                                         "'fan' skipped)";
        QTest::newRow("both") << QByteArray("  - name: fan\n    mqtt: {topic: t}\n    can: {id: 1}\n")
                              << "5: devices[1].can: a device has either mqtt or can, not both (device 'fan' "
                                 "skipped)";
        QTest::newRow("qos") << QByteArray("  - name: fan\n    mqtt:\n      topic: t\n      qos: 3\n")
                             << "6: devices[1].mqtt.qos: expected 0, 1 or 2, got '3' (device 'fan' skipped)";
        QTest::newRow("wildcard")
            << QByteArray("  - name: fan\n    mqtt: {topic: rv/#}\n")
            << "4: devices[1].mqtt.topic: expected a topic without wildcards, got 'rv/#' "
               "(device 'fan' skipped)";
        QTest::newRow("can id") << QByteArray(
                                       "  - name: fan\n    can: {interface: can0, id: 0xZZ, data_on: 1, "
                                       "data_off: 0}\n")
                                << "4: devices[1].can.id: expected a hex CAN id up to 1FFFFFFF (0x123), got "
                                   "'0xZZ' (device 'fan' skipped)";
        QTest::newRow("standard id too big")
            << QByteArray(
                   "  - name: fan\n    can: {interface: can0, id: 800, extended: false, data_on: 01, "
                   "data_off: 00}\n")
            << "4: devices[1].can.id: expected at most 7FF for a standard id (set extended: true), got '800' "
               "(device 'fan' skipped)";
        QTest::newRow("nine bytes")
            << QByteArray(
                   "  - name: fan\n    can: {interface: can0, id: 1, data_on: 010203040506070809, "
                   "data_off: 00}\n")
            << "4: devices[1].can.data_on: expected 0 to 8 hex bytes (\"01 FF\"), got '010203040506070809' "
               "(device 'fan' skipped)";
        QTest::newRow("odd digits")
            << QByteArray(
                   "  - name: fan\n    can: {interface: can0, id: 1, data_on: "
                   "1, data_off: 00}\n")
            << "4: devices[1].can.data_on: expected 0 to 8 hex bytes (\"01 FF\"), got "
               "'1' (device 'fan' skipped)";
        QTest::newRow("can missing data") << QByteArray("  - name: fan\n    can: {interface: can0, id: 1}\n")
                                          << "4: devices[1].can.data_on: missing (device 'fan' skipped)";
        QTest::newRow("duplicate alias")
            << QByteArray("  - name: fan\n    aliases: [Lights]\n    mqtt: {topic: t}\n")
            << "3: devices[1].aliases: 'Lights' already names another device (device 'fan' skipped)";
        QTest::newRow("not a mapping")
            << QByteArray("  - just a string\n")
            << "3: devices[1]: expected a mapping (name:, kind:, mqtt: or can:), got "
               "'just a string' (entry skipped)";
    }

    void badEntries() {
        QFETCH(QByteArray, entry);
        QFETCH(QString, error);
        // A good device before and after the bad one: both keep working.
        const ConfigResult r = load("devices:\n  - {name: lights, mqtt: {topic: a}}\n" + entry +
                                    "  - {name: pump, mqtt: {topic: b}}\n");
        QCOMPARE(r.errors, QStringList{m_file + ":" + error});
        QCOMPARE(r.config.vehicle.devices.size(), 2);
        QCOMPARE(r.config.vehicle.devices[0].name, QStringLiteral("lights"));
        QCOMPARE(r.config.vehicle.devices[1].name, QStringLiteral("pump"));
    }

    void unknownKeyInEntryIsAWarning() {
        const ConfigResult r =
            load("devices:\n  - name: fan\n    colour: red\n    mqtt: {topic: t, qso: 1}\n");
        QVERIFY(r.ok());
        QCOMPARE(r.warnings, (QStringList{m_file + ":3: unknown key 'devices[0].colour' (ignored)",
                                          m_file + ":4: unknown key 'devices[0].mqtt.qso' (ignored)"}));
        QCOMPARE(r.config.vehicle.devices.size(), 1);
    }

    void notAListKeepsLowerLayer() {
        const ConfigResult r = load("devices: lights\nmqtt:\n  port: 0\n");
        QCOMPARE(r.errors.size(), 2);
        QCOMPARE(r.errors[0], m_file + ":1: devices: expected a list of devices (- name: ...), got 'lights'");
        QCOMPARE(r.errors[1], m_file + ":3: mqtt.port: expected a whole number between 1 and 65535, got '0'");
        QCOMPARE(r.config.vehicle.mqtt.port, 1883);
        QVERIFY(r.config.vehicle.devices.isEmpty());
    }

    void laterLayerReplacesList() {
        const QString system = m_tmp->path() + "/system.yaml";
        QFile f(system);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("devices:\n  - {name: a, mqtt: {topic: a}}\n  - {name: b, mqtt: {topic: b}}\n");
        f.close();
        QFile u(m_file);
        QVERIFY(u.open(QIODevice::WriteOnly));
        u.write("devices:\n  - {name: c, mqtt: {topic: c}}\n");
        u.close();
        const ConfigResult r = ConfigLoader(system).load(m_file);
        QVERIFY(r.ok());
        QCOMPARE(r.config.vehicle.devices.size(), 1);
        QCOMPARE(r.config.vehicle.devices[0].name, QStringLiteral("c"));
    }

    void devicesCannotBeSetAsOneValue() {
        QString why;
        AppConfig c;
        ConfigRawValue raw;
        raw.kind = ConfigRawValue::Kind::Scalar;
        raw.text = "lights";
        QVERIFY(!applyConfigValue(c, "devices", raw, {}, &why));
        QVERIFY2(why.contains("YAML file"), qPrintable(why));
    }

    void hexHelpers() {
        quint32 id = 0;
        QVERIFY(config_detail::parseCanId("0x7ff", &id));
        QCOMPARE(id, 0x7FFu);
        QVERIFY(config_detail::parseCanId("1FFFFFFF", &id));
        QVERIFY(!config_detail::parseCanId("20000000", &id));
        QVERIFY(!config_detail::parseCanId("", &id));
        QByteArray b;
        QVERIFY(config_detail::parseHexBytes("0x01 0xFF", &b));
        QCOMPARE(b, QByteArray::fromHex("01FF"));
        QVERIFY(config_detail::parseHexBytes("de,ad,be,ef", &b));
        QCOMPARE(b, QByteArray::fromHex("DEADBEEF"));
        QVERIFY(!config_detail::parseHexBytes("0g", &b));
    }
};

QTEST_GUILESS_MAIN(TestVehicleConfig)
#include "tst_vehicle_config.moc"
