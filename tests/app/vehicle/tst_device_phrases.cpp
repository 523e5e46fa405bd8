// Device cab phrases without the language model: the shapes a driver says (typed, and as pocketsphinx writes
// them: lower case, no punctuation), the filler words tolerated, and the phrases that must not switch
// anything.
#include <QtTest>

#include "vehicle/device_phrases.h"
#include "vehicle_fixtures.h"

using namespace peregrine;

class TestDevicePhrases : public QObject {
    Q_OBJECT
    vehicle::DevicePhrases m_phrases{testing::cabDevices()};

private slots:
    void matches_data() {
        QTest::addColumn<QString>("transcript");
        QTest::addColumn<QString>("device");
        QTest::addColumn<QString>("state");
        QTest::newRow("lights on") << "lights on"
                                   << "cabin lights"
                                   << "on";
        QTest::newRow("Lights on.") << "Lights on."
                                    << "cabin lights"
                                    << "on";
        QTest::newRow("turn on the cabin lights") << "turn on the cabin lights"
                                                  << "cabin lights"
                                                  << "on";
        QTest::newRow("Turn on the cabin lights, please!") << "Turn on the cabin lights, please!"
                                                           << "cabin lights"
                                                           << "on";
        QTest::newRow("singular") << "turn on the cabin light"
                                  << "cabin lights"
                                  << "on";
        QTest::newRow("turn the lights off") << "turn the lights off"
                                             << "cabin lights"
                                             << "off";
        QTest::newRow("alias") << "switch off the inside lights"
                               << "cabin lights"
                               << "off";
        QTest::newRow("peregrine please") << "peregrine please switch the cabin lights off"
                                          << "cabin lights"
                                          << "off";
        QTest::newRow("hey peregrine") << "hey peregrine lights off"
                                       << "cabin lights"
                                       << "off";
        QTest::newRow("can you") << "can you turn on the porch light"
                                 << "porch light"
                                 << "on";
        QTest::newRow("switch off the water pump") << "switch off the water pump"
                                                   << "water pump"
                                                   << "off";
        QTest::newRow("head word") << "pump on"
                                   << "water pump"
                                   << "on";
        QTest::newRow("start pump") << "start the water pump"
                                    << "water pump"
                                    << "on";
        QTest::newRow("stop pump") << "stop the pump"
                                   << "water pump"
                                   << "off";
        QTest::newRow("awning out") << "awning out"
                                    << "awning"
                                    << "on";
        QTest::newRow("awning in") << "awning in"
                                   << "awning"
                                   << "off";
        QTest::newRow("put the awning out") << "put the awning out"
                                            << "awning"
                                            << "on";
        QTest::newRow("extend") << "extend the awning"
                                << "awning"
                                << "on";
        QTest::newRow("retract") << "retract the awning please"
                                 << "awning"
                                 << "off";
        QTest::newRow("heater on") << "turn the heater on"
                                   << "heater"
                                   << "on";
        QTest::newRow("mixed case") << "TURN OFF THE HEATER"
                                    << "heater"
                                    << "off";
    }

    void matches() {
        QFETCH(QString, transcript);
        QFETCH(QString, device);
        QFETCH(QString, state);
        const std::optional<tools::ToolCall> call = m_phrases.match(transcript);
        QVERIFY2(call.has_value(), qPrintable(transcript));
        QCOMPARE(call->name, QStringLiteral("switch_device"));
        QCOMPARE(call->arguments.value("device").toString(), device);
        QCOMPARE(call->arguments.value("state").toString(), state);
        QCOMPARE(call->arguments.value("source").toString(), QStringLiteral("voice"));
    }

    void misses_data() {
        QTest::addColumn<QString>("transcript");
        QTest::newRow("radio") << "turn on the radio";
        QTest::newRow("lights alone") << "lights";
        QTest::newRow("on alone") << "turn on";
        QTest::newRow("not a name") << "porch on";  // "light" is the head of two names: no head rule
        QTest::newRow("sentence") << "the lights on the left side are broken";
        QTest::newRow("question") << "are the cabin lights on";
        QTest::newRow("lights out is not awning") << "lights out";
        QTest::newRow("start the awning") << "start the awning";
        QTest::newRow("extend the lights") << "extend the lights";
        QTest::newRow("timer") << "set a timer for five minutes";
        QTest::newRow("stop") << "stop";
        QTest::newRow("empty") << "";
    }

    void misses() {
        QFETCH(QString, transcript);
        QVERIFY2(!m_phrases.match(transcript).has_value(), qPrintable(transcript));
    }

    void noDevicesNoMatch() {
        vehicle::DevicePhrases none({});
        QVERIFY(!none.match("lights on").has_value());
    }

    void normalise() {
        QCOMPARE(vehicle::DevicePhrases::normalise("Peregrine, please turn ON the Cabin-Lights!"),
                 (QStringList{"turn", "on", "cabin", "light"}));
    }
};

QTEST_GUILESS_MAIN(TestDevicePhrases)
#include "tst_device_phrases.moc"
