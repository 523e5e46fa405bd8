// Pure parts of the cab's tools: unit conversions against known values, numbers and durations as words,
// the direct commands' phrases.
#include <QJsonObject>
#include <QtTest>

#include "tools/direct_commands.h"
#include "tools/number_words.h"
#include "tools/unit_conversion.h"

using namespace peregrine::tools;

class TestToolUnits : public QObject {
    Q_OBJECT

private slots:
    void conversions_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<double>("expected");
        // Reference values: NIST SP 811 factors, worked by hand.
        QTest::newRow("30 US gal -> L") << 30.0 << "gallons"
                                        << "litres" << 113.56235352;
        QTest::newRow("30 imp gal -> L") << 30.0 << "imperial gallons"
                                         << "l" << 136.3827;
        QTest::newRow("US gal -> imp gal") << 1.0 << "gal_us"
                                           << "gal_imp" << 0.83267418;
        QTest::newRow("mile -> km") << 1.0 << "miles"
                                    << "kilometres" << 1.609344;
        QTest::newRow("ft -> m") << 10.0 << "feet"
                                 << "m" << 3.048;
        QTest::newRow("lb -> kg") << 100.0 << "pounds"
                                  << "kg" << 45.359237;
        QTest::newRow("kg -> lb") << 1.0 << "kilograms"
                                  << "lb" << 2.2046226218;
        QTest::newRow("t -> short ton") << 1.0 << "tonnes"
                                        << "short tons" << 1.1023113109;
        QTest::newRow("F -> C") << 212.0 << "fahrenheit"
                                << "celsius" << 100.0;
        QTest::newRow("C -> F") << -40.0 << "c"
                                << "f" << -40.0;
        QTest::newRow("C -> K") << 25.0 << "celsius"
                                << "kelvin" << 298.15;
        QTest::newRow("mph -> km/h") << 60.0 << "mph"
                                     << "km/h" << 96.56064;
        QTest::newRow("knots -> km/h") << 10.0 << "knots"
                                       << "kmh" << 18.52;
        QTest::newRow("mpg -> L/100km") << 30.0 << "mpg"
                                        << "l/100km" << 7.8404861;
        QTest::newRow("L/100km -> mpg") << 8.0 << "l100km"
                                        << "mpg_us" << 29.4018;
        QTest::newRow("imp mpg -> L/100km") << 40.0 << "imperial mpg"
                                            << "l100km" << 7.0621;
        QTest::newRow("km/L -> L/100km") << 20.0 << "km/l"
                                         << "l100km" << 5.0;
        QTest::newRow("psi -> bar") << 35.0 << "psi"
                                    << "bar" << 2.4131650;
        QTest::newRow("bar -> kPa") << 2.2 << "bar"
                                    << "kpa" << 220.0;
        QTest::newRow("kPa -> psi") << 100.0 << "kilopascals"
                                    << "psi" << 14.503774;
    }
    void conversions() {
        QFETCH(double, value);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(double, expected);
        const Conversion c = convertUnits(value, from, to);
        QVERIFY2(c.ok, qPrintable(c.error));
        QVERIFY2(std::fabs(c.value - expected) <= 1e-4 * std::max(1.0, std::fabs(expected)),
                 qPrintable(QString::number(c.value, 'g', 10)));
    }

    void conversionErrors() {
        QVERIFY(!convertUnits(1, "litres", "kilograms").ok);
        QCOMPARE(convertUnits(1, "litres", "kilograms").error,
                 QStringLiteral("I can't convert litres to kilograms."));
        QVERIFY(!convertUnits(1, "furlongs", "m").ok);
        QVERIFY(!convertUnits(0, "mpg", "l100km").ok);  // no finite answer
    }

    void convertTool() {
        ConvertUnitsTool tool;
        const ToolResult r = tool.invoke({{"value", 30}, {"from", "gallons"}, {"to", "litres"}});
        QVERIFY(r.ok);
        QCOMPARE(r.say, QStringLiteral("30 US gallons is 113.6 litres."));
        QCOMPARE(r.data["to"].toString(), QStringLiteral("l"));
        QVERIFY(!tool.invoke({{"from", "gallons"}, {"to", "litres"}}).ok);  // no value
        QVERIFY(tool.parameters()["properties"].toObject()["from"].toObject()["enum"].toArray().contains(
            "gal_imp"));
    }

    void numbers_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("expected");
        QTest::newRow("one") << "one" << 1.0;
        QTest::newRow("forty five") << "forty five" << 45.0;
        QTest::newRow("forty-five") << "forty-five" << 45.0;
        QTest::newRow("digits") << "45" << 45.0;
        QTest::newRow("a") << "a" << 1.0;
        QTest::newRow("hundred and five") << "one hundred and five" << 105.0;
        QTest::newRow("two thousand twenty six") << "two thousand twenty six" << 2026.0;
        QTest::newRow("two and a half") << "two and a half" << 2.5;
        QTest::newRow("point") << "two point five" << 2.5;
    }
    void numbers() {
        QFETCH(QString, text);
        QFETCH(double, expected);
        const auto n = parseNumber(text);
        QVERIFY(n.has_value());
        QCOMPARE(*n, expected);
    }

    void notNumbers() {
        QVERIFY(!parseNumber(QStringLiteral("five apples")));
        QVERIFY(!parseNumber(QString()));
    }

    void durations_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("five minutes") << "five minutes" << qint64(300000);
        QTest::newRow("for one minute") << "for one minute" << qint64(60000);
        QTest::newRow("forty five seconds") << "forty five seconds" << qint64(45000);
        QTest::newRow("an hour and a half") << "an hour and a half" << qint64(5400000);
        QTest::newRow("half an hour") << "half an hour" << qint64(1800000);
        QTest::newRow("1 hour 30 minutes") << "1 hour 30 minutes" << qint64(5400000);
        QTest::newRow("two minutes and ten seconds") << "two minutes and ten seconds" << qint64(130000);
        QTest::newRow("ninety seconds") << "ninety seconds" << qint64(90000);
    }
    void durations() {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QCOMPARE(parseDuration(text).value_or(-1), ms);
    }

    void notDurations() {
        QVERIFY(!parseDuration(QStringLiteral("five")));
        QVERIFY(!parseDuration(QStringLiteral("the pasta")));
        QVERIFY(!parseDuration(QStringLiteral("zero minutes")));
        QCOMPARE(formatDuration(5400000), QStringLiteral("1 hour 30 minutes"));
        QCOMPARE(formatDuration(60000), QStringLiteral("1 minute"));
    }

    void timerCommand_data() {
        QTest::addColumn<QString>("transcript");
        QTest::addColumn<double>("seconds");
        QTest::newRow("words") << "set a timer for five minutes" << 300.0;
        QTest::newRow("pocketsphinx") << "set a timer for forty five seconds" << 45.0;
        QTest::newRow("capitals, punctuation") << "Set a timer for 10 minutes, please." << 600.0;
        QTest::newRow("adjective") << "start a ten minute timer" << 600.0;
        QTest::newRow("hour and a half") << "set a timer for an hour and a half" << 5400.0;
        QTest::newRow("one minute") << "set a timer for one minute" << 60.0;
        // As pocketsphinx heard flite's slt and rms voices.
        QTest::newRow("diner") << "set a diner for ten seconds" << 10.0;
        QTest::newRow("should the") << "should the timer for one minute" << 60.0;
    }
    void timerCommand() {
        QFETCH(QString, transcript);
        QFETCH(double, seconds);
        const auto call = TimerCommand().match(transcript);
        QVERIFY(call.has_value());
        QCOMPARE(call->name, QStringLiteral("set_timer"));
        QCOMPARE(call->arguments["unit"].toString(), QStringLiteral("seconds"));
        QCOMPARE(call->arguments["amount"].toDouble(), seconds);
    }

    void notCommands() {
        QVERIFY(!TimerCommand().match("what is a timer"));
        QVERIFY(!TimerCommand().match("set a timer"));  // no duration: the model may ask
        QVERIFY(!CancelTimerCommand().match("cancel the order"));
        QVERIFY(!ListTimersCommand().match("what time is it"));
        QVERIFY(!ReminderCommand().match("remind me to check the straps"));
    }

    void otherCommands() {
        auto c = CancelTimerCommand().match("cancel the timer");
        QVERIFY(c && c->name == "cancel_timer" && !c->arguments.contains("all"));
        c = CancelTimerCommand().match("cancel all timers");
        QVERIFY(c && c->arguments["all"].toBool());
        QVERIFY(ListTimersCommand().match("what timers"));
        QVERIFY(ListTimersCommand().match("what timers are running"));
        QVERIFY(ListTimersCommand().match("how long is left on the timer"));
        c = ReminderCommand().match("remind me to check the load straps in forty minutes");
        QVERIFY(c.has_value());
        QCOMPARE(c->name, QStringLiteral("set_reminder"));
        QCOMPARE(c->arguments["text"].toString(), QStringLiteral("check the load straps"));
        QCOMPARE(c->arguments["amount"].toDouble(), 2400.0);
        c = ReminderCommand().match("remind me in ten minutes to call home");
        QVERIFY(c && c->arguments["text"] == "call home" && c->arguments["amount"] == 600.0);
        QVERIFY(CancelTimerCommand().match("cancel the diner"));
        QVERIFY(ListTimersCommand().match("what diners"));
        QVERIFY(!TimerCommand().match("cancel the timer for ten minutes"));
        c = ReminderCommand().match("remind me to check the lead straps and forty minutes");
        QVERIFY(c && c->arguments["text"] == "check the lead straps" && c->arguments["amount"] == 2400.0);
        c = ReminderCommand().match("remind me to put fuel in the tank in an hour");
        QVERIFY(c && c->arguments["text"] == "put fuel in the tank" && c->arguments["amount"] == 3600.0);
    }
};

QTEST_GUILESS_MAIN(TestToolUnits)
#include "tst_tool_units.moc"
