// The vehicle tools without a broker: their schemas (the configured names as an enum), which calls ask for a
// spoken confirmation, wrong arguments, and the command log in SQLite (migration 8, table device_commands)
// through the storage service's thread.
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include "storage/database.h"
#include "storage/storage_service.h"
#include "tools/tool_registry.h"
#include "vehicle/vehicle_tools.h"
#include "vehicle_fixtures.h"

using namespace peregrine;

class TestDeviceTools : public QObject {
    Q_OBJECT
    tools::ToolRegistry m_registry;

private slots:
    void initTestCase() {
        VehicleConfig c;
        c.devices = testing::cabDevices("nocan7");
        c.devices[2].confirm = DeviceConfig::Confirm::Always;  // porch light: the owner wants to be asked
        QCOMPARE(vehicle::addVehicleTools(m_registry, c, vehicle::DeviceCommandSink{}), 2);
    }

    void noDevicesNoTools() {
        tools::ToolRegistry empty;
        QCOMPARE(vehicle::addVehicleTools(empty, VehicleConfig{}, vehicle::DeviceCommandSink{}), 0);
        QVERIFY(empty.isEmpty());
        QVERIFY(!empty.matchCommand("lights on"));
    }

    void schema() {
        const QJsonObject p = m_registry.find("switch_device")->parameters();
        QCOMPARE(p.value("type").toString(), QStringLiteral("object"));
        QCOMPARE(p.value("required").toArray(), (QJsonArray{"device", "state"}));
        const QJsonObject props = p.value("properties").toObject();
        QCOMPARE(props.value("device").toObject().value("enum").toArray(),
                 (QJsonArray{"cabin lights", "water pump", "porch light", "awning", "heater"}));
        QCOMPARE(props.value("state").toObject().value("enum").toArray(), (QJsonArray{"on", "off"}));
        QVERIFY(!props.contains("source"));  // a model cannot claim to be the driver's voice
        const QJsonObject status = m_registry.find("device_status")->parameters();
        QVERIFY(status.value("required").toArray().isEmpty());
    }

    void confirmation_data() {
        QTest::addColumn<QString>("device");
        QTest::addColumn<QString>("state");
        QTest::addColumn<bool>("asks");
        QTest::newRow("lights on") << "cabin lights"
                                   << "on" << false;
        QTest::newRow("lights off") << "lights"
                                    << "off" << false;
        QTest::newRow("awning out") << "awning"
                                    << "on" << true;  // moves
        QTest::newRow("awning in") << "awning"
                                   << "off" << true;  // moves
        QTest::newRow("heater on") << "heater"
                                   << "on" << true;  // heats
        QTest::newRow("heater off") << "heater"
                                    << "off" << false;
        QTest::newRow("pump on") << "water pump"
                                 << "on" << true;
        QTest::newRow("pump off") << "water pump"
                                  << "off" << false;
        QTest::newRow("confirm: true") << "porch light"
                                       << "off" << true;
        QTest::newRow("unknown") << "radio"
                                 << "on" << false;
    }

    void confirmation() {
        QFETCH(QString, device);
        QFETCH(QString, state);
        QFETCH(bool, asks);
        QCOMPARE(m_registry.find("switch_device")->needsConfirmation({{"device", device}, {"state", state}}),
                 asks);
    }

    void confirmationIsWordedForTheDriver() {
        const tools::Tool* tool = m_registry.find("switch_device");
        QCOMPARE(tool->confirmationPrompt({{"device", "awning"}, {"state", "on"}}),
                 QStringLiteral("Extend the awning?"));
        QCOMPARE(tool->confirmationPrompt({{"device", "awning"}, {"state", "off"}}),
                 QStringLiteral("Retract the awning?"));
        QCOMPARE(tool->confirmationPrompt({{"device", "heater"}, {"state", "on"}}),
                 QStringLiteral("Turn the heater on?"));
        QCOMPARE(tool->confirmationPrompt({{"device", "radio"}, {"state", "on"}}),
                 QString());  // the runner's own
    }

    void wrongArguments() {
        tools::Tool* tool = m_registry.find("switch_device");
        tools::ToolResult r = tool->invoke({{"device", "radio"}, {"state", "on"}});
        QVERIFY(!r.ok);
        QCOMPARE(r.say, QStringLiteral("There is no device called radio."));
        QCOMPARE(r.data.value("devices").toArray().size(), 5);
        r = tool->invoke({{"device", "heater"}, {"state", "hot"}});
        QVERIFY(!r.ok);
        QCOMPARE(r.say, QStringLiteral("Should the heater go on or off?"));
        r = m_registry.find("device_status")->invoke({});
        QVERIFY(r.ok);
        QVERIFY2(r.say.startsWith("I have not switched the cabin lights since I started."),
                 qPrintable(r.say));
        QCOMPARE(r.data.value("devices").toArray().size(), 5);
    }

    void logsToSqlite() {
        QTemporaryDir dir;
        StorageService storage;
        storage.open(dir.filePath("peregrine.db"));
        storage.flush();
        tools::ToolRegistry registry;
        VehicleConfig c;
        c.devices = testing::cabDevices("nocan7");
        vehicle::addVehicleTools(registry, c, &storage);
        registry.find("switch_device")->invoke({{"device", "heater"}, {"state", "on"}, {"source", "cli"}});
        registry.find("switch_device")->invoke({{"device", "awning"}, {"state", "off"}, {"source", "voice"}});
        QList<DeviceCommandRecord> rows;
        int version = 0;
        storage.post([&](Database& db) {
            rows = db.deviceCommands();
            version = db.schemaVersion();
        });
        storage.flush();
        QCOMPARE(version, Database::latestSchemaVersion());  // device_commands came with v8
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].device, QStringLiteral("awning"));  // newest first
        QCOMPARE(rows[0].state, QStringLiteral("off"));
        QCOMPARE(rows[0].source, QStringLiteral("voice"));
        QCOMPARE(rows[1].device, QStringLiteral("heater"));
        QCOMPARE(rows[1].transport, QStringLiteral("can"));
        QCOMPARE(rows[1].detail, QStringLiteral("nocan7 18FEF100#01"));
        QCOMPARE(rows[1].ok, false);
        QCOMPARE(rows[1].error,
                 QStringLiteral(
                     "no CAN interface nocan7 on this machine; the frame nocan7 18FEF100#01 was not sent"));
        QCOMPARE(rows[1].source, QStringLiteral("cli"));
        QVERIFY(rows[1].at.isValid());
    }

    void databaseRoundTrip() {
        QTemporaryDir dir;
        Database db;
        QVERIFY2(db.open(dir.filePath("p.db")), qPrintable(db.lastError()));
        DeviceCommandRecord r;
        r.at = QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, Qt::UTC);
        r.device = "cabin lights";
        r.state = "on";
        r.transport = "mqtt";
        r.detail = "rv/cabin/lights/set ON";
        r.ok = true;
        r.source = "model";
        QVERIFY(db.addDeviceCommand(r) > 0);
        const QList<DeviceCommandRecord> rows = db.deviceCommands();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].at, r.at);
        QCOMPARE(rows[0].detail, r.detail);
        QCOMPARE(rows[0].ok, true);
        QCOMPARE(rows[0].error, QString());
    }
};

QTEST_GUILESS_MAIN(TestDeviceTools)
#include "tst_device_tools.moc"
