// The spoken path as far as it goes without the voice hook: flite speaks a device command (slt voice),
// the project's recognizer (pocketsphinx, as the voice loop runs it) transcribes it, and the device phrases
// turn the transcript into the switch_device call. The full spoken run through the file loop to a broker
// is the lead's e2e test after the voice hook is merged. Skips when flite is not installed.
#include <QTemporaryDir>
#include <QtTest>

#include "../voice/speech_fixtures.h"
#include "speech/pocketsphinx_stt.h"
#include "vehicle/device_phrases.h"
#include "vehicle_fixtures.h"

using namespace peregrine;

class TestVehicleSpoken : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    speech::PocketsphinxStt m_recognizer;  // the en-us models, loaded once (about 0.5 s)
    vehicle::DevicePhrases m_phrases{testing::cabDevices()};

    // What pocketsphinx hears when flite's slt voice says text.
    QString heard(const QString& text) {
        QString name = text;
        const QString transcript =
            testing::transcribePcm(m_recognizer, testing::speak(m_dir, name.replace(' ', '_'), text));
        qInfo().noquote() << "flite:" << text << "-> pocketsphinx:" << transcript;
        return transcript;
    }

private slots:
    void initTestCase() {
        if (!testing::haveFlite()) QSKIP("flite is not installed: no test speech (apt-get install flite)");
        QVERIFY2(m_recognizer.isReady(), qPrintable(m_recognizer.errorString()));
    }

    void spokenCommands_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("device");
        QTest::addColumn<QString>("state");
        QTest::newRow("turn on the cabin lights") << "turn on the cabin lights"
                                                  << "cabin lights"
                                                  << "on";
        QTest::newRow("switch off the water pump") << "switch off the water pump"
                                                   << "water pump"
                                                   << "off";
        QTest::newRow("lights on") << "lights on"
                                   << "cabin lights"
                                   << "on";
        QTest::newRow("awning out") << "awning out"
                                    << "awning"
                                    << "on";
        QTest::newRow("retract the awning") << "retract the awning"
                                            << "awning"
                                            << "off";
        QTest::newRow("stop the pump") << "stop the pump"
                                       << "water pump"
                                       << "off";
        QTest::newRow("turn off the porch light") << "turn off the porch light"
                                                  << "porch light"
                                                  << "off";
        QTest::newRow("start the water pump") << "start the water pump"
                                              << "water pump"
                                              << "on";
        QTest::newRow("turn the heater on") << "turn the heater on"
                                            << "heater"
                                            << "on";
    }

    void spokenCommands() {
        QFETCH(QString, text);
        QFETCH(QString, device);
        QFETCH(QString, state);
        const QString transcript = heard(text);
        // Measured misrecognitions of the dictation model (flite slt, Debian's en-us model): the phrase
        // matcher cannot recover these; the voice hook can spot device names as keyphrases
        // (SpeechToText::spotCommand). An XPASS here means the recognizer now hears them: drop the line.
        QEXPECT_FAIL("switch off the water pump", "pocketsphinx hears 'switch off the water plant'", Abort);
        QEXPECT_FAIL("awning out", "pocketsphinx hears 'coming out'", Abort);
        QEXPECT_FAIL("retract the awning", "pocketsphinx hears 'the tracking on in'", Abort);
        const std::optional<tools::ToolCall> call = m_phrases.match(transcript);
        QVERIFY2(call.has_value(), qPrintable("no device command in '" + transcript + "'"));
        QCOMPARE(call->arguments.value("device").toString(), device);
        QCOMPARE(call->arguments.value("state").toString(), state);
    }

    void spokenNonCommand() {
        const QString transcript = heard("turn on the radio");
        QVERIFY2(!transcript.isEmpty(), "nothing heard");
        QVERIFY2(!m_phrases.match(transcript), qPrintable(transcript));
    }
};

QTEST_GUILESS_MAIN(TestVehicleSpoken)
#include "tst_vehicle_spoken.moc"
