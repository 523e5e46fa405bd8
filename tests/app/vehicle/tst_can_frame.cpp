// CAN frames of the configured devices: the struct can_frame encoding and the cansend notation, the report
// when the interface does not exist (frame described, not sent), and a real send on vcan0 where the kernel
// has one (`ip link add vcan0 type vcan && ip link set up vcan0`; skipped otherwise).
#include <QtTest>
#include <cerrno>
#include <cstring>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/can/raw.h>

#include "tools/tool_registry.h"
#include "vehicle/can_frame.h"
#include "vehicle/vehicle_tools.h"
#include "vehicle_fixtures.h"

using namespace peregrine;
using vehicle::CanFrame;

class TestCanFrame : public QObject {
    Q_OBJECT

private slots:
    void standardFrame() {
        const CanFrame f{0x123, false, QByteArray::fromHex("01FF")};
        QCOMPARE(f.text(), QStringLiteral("123#01FF"));
        struct can_frame raw;
        std::memset(&raw, 0xAB, sizeof(raw));
        QVERIFY(f.encode(&raw));
        QCOMPARE(raw.can_id, 0x123u);
        QCOMPARE(int(raw.can_dlc), 2);
        QCOMPARE(int(raw.data[0]), 0x01);
        QCOMPARE(int(raw.data[1]), 0xFF);
        for (int i = 2; i < 8; ++i) QCOMPARE(int(raw.data[i]), 0);  // padded with zeros
    }

    void extendedFrame() {
        const CanFrame f{0x18FEF100, true, QByteArray::fromHex("0102030405060708")};
        QCOMPARE(f.text(), QStringLiteral("18FEF100#0102030405060708"));
        struct can_frame raw;
        QVERIFY(f.encode(&raw));
        QCOMPARE(raw.can_id, 0x18FEF100u | CAN_EFF_FLAG);
        QCOMPARE(int(raw.can_dlc), 8);
        QCOMPARE(int(raw.data[7]), 0x08);
        // A small extended id keeps its 8 digits (cansend reads the length as the frame format).
        QCOMPARE((CanFrame{0x5, true, {}}.text()), QStringLiteral("00000005#"));
        QCOMPARE((CanFrame{0x5, false, {}}.text()), QStringLiteral("005#"));
    }

    void invalidFrames() {
        struct can_frame raw;
        QVERIFY(!(CanFrame{0x800, false, {}}.encode(&raw)));
        QVERIFY(!(CanFrame{0x20000000, true, {}}.encode(&raw)));
        QVERIFY(!(CanFrame{0x1, false, QByteArray(9, '\0')}.encode(&raw)));
    }

    void missingInterfaceIsReportedNotSent() {
        const vehicle::CanSendResult r =
            vehicle::sendCanFrame("nocan7", CanFrame{0x1A0, false, QByteArray::fromHex("01FF")});
        QVERIFY(!r.sent);
        QCOMPARE(r.frameText, QStringLiteral("nocan7 1A0#01FF"));
        QCOMPARE(r.error, QStringLiteral("no CAN interface nocan7 on this machine"));
    }

    void toolReportsTheFrame() {
        tools::ToolRegistry registry;
        VehicleConfig config;
        config.devices = testing::cabDevices("nocan7");
        QList<DeviceCommandRecord> log;
        QCOMPARE(vehicle::addVehicleTools(registry, config, [&](const DeviceCommandRecord& r) { log << r; }),
                 2);
        tools::Tool* tool = registry.find("switch_device");
        QVERIFY(tool);
        const tools::ToolResult r = tool->invoke({{"device", "awning"}, {"state", "on"}});
        QVERIFY(!r.ok);
        QCOMPARE(r.say, QStringLiteral("I could not switch the awning out: no CAN interface nocan7 on this "
                                       "machine; the frame nocan7 1A0#01FF was not sent."));
        QCOMPARE(r.data.value("sent").toBool(), false);
        QCOMPARE(r.data.value("detail").toString(), QStringLiteral("nocan7 1A0#01FF"));
        QCOMPARE(log.size(), 1);
        QCOMPARE(log[0].device, QStringLiteral("awning"));
        QCOMPARE(log[0].transport, QStringLiteral("can"));
        QCOMPARE(log[0].ok, false);
        QCOMPARE(log[0].source, QStringLiteral("model"));
        QCOMPARE(log[0].detail, QStringLiteral("nocan7 1A0#01FF"));
    }

    void sendsOnVcan() {
        if (if_nametoindex("vcan0") == 0)
            QSKIP(
                "no vcan0 here (this kernel/container cannot add one: `ip link add vcan0 type vcan` fails); "
                "the frame encoding is checked above");
        const int rx = ::socket(PF_CAN, SOCK_RAW, CAN_RAW);
        QVERIFY2(rx >= 0, std::strerror(errno));
        struct sockaddr_can addr;
        std::memset(&addr, 0, sizeof(addr));
        addr.can_family = AF_CAN;
        addr.can_ifindex = static_cast<int>(if_nametoindex("vcan0"));
        QVERIFY(::bind(rx, reinterpret_cast<struct sockaddr*>(&addr), sizeof(addr)) == 0);
        const vehicle::CanSendResult r =
            vehicle::sendCanFrame("vcan0", CanFrame{0x18FEF100, true, QByteArray::fromHex("01")});
        QVERIFY2(r.sent, qPrintable(r.error));
        struct can_frame got;
        QCOMPARE(::read(rx, &got, sizeof(got)), static_cast<ssize_t>(sizeof(got)));
        QCOMPARE(got.can_id, 0x18FEF100u | CAN_EFF_FLAG);
        QCOMPARE(int(got.can_dlc), 1);
        QCOMPARE(int(got.data[0]), 1);
        ::close(rx);
    }
};

QTEST_GUILESS_MAIN(TestCanFrame)
#include "tst_can_frame.moc"
