// soundsComplete(): which words heard so far end a request after a short pause (the voice loop's quick end).
#include <QTest>

#include "speech/utterance_shape.h"

using peregrine::speech::soundsComplete;

class TestUtteranceShape : public QObject {
    Q_OBJECT
private slots:
    void cases_data() {
        QTest::addColumn<QString>("words");
        QTest::addColumn<bool>("complete");
        QTest::newRow("question") << "how far is the next town" << true;
        QTest::newRow("weather") << "what is the weather like today" << true;
        QTest::newRow("command") << "turn on the cab lights" << true;
        QTest::newRow("ends on there") << "how long until we get there" << true;
        QTest::newRow("ends on please") << "set a timer for ten minutes please" << true;
        QTest::newRow("ends on article") << "how far is the" << false;
        QTest::newRow("ends on preposition") << "what is the weather like in" << false;
        QTest::newRow("ends on me") << "can you tell me" << false;
        QTest::newRow("ends on and") << "turn on the lights and" << false;
        QTest::newRow("too short") << "how far" << false;
        QTest::newRow("short, no opener") << "next town far" << false;
        QTest::newRow("long, opener misheard") << "hellfire is the next town" << true;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("case and spaces") << "  How FAR is the next Town " << true;
    }
    void cases() {
        QFETCH(QString, words);
        QFETCH(bool, complete);
        QCOMPARE(soundsComplete(words), complete);
    }
};

QTEST_GUILESS_MAIN(TestUtteranceShape)
#include "tst_utterance_shape.moc"
