// SentenceSplitter: sentences cut as tokens stream in; abbreviations, decimals, ellipses, run-ons.
#include <QTest>

#include "speech/sentence_splitter.h"

using peregrine::speech::SentenceSplitter;

class TestSentenceSplitter : public QObject {
    Q_OBJECT

    // Feeds text in small token-like pieces; returns every sentence, flush included.
    static QStringList splitStreamed(const QString& text, int piece = 3) {
        SentenceSplitter s;
        QStringList out;
        for (int i = 0; i < text.size(); i += piece) out << s.push(text.mid(i, piece));
        out << s.flush();
        return out;
    }

private slots:
    void cutsAsSoonAsComplete() {
        SentenceSplitter s;
        QVERIFY(s.push("The road is clear").isEmpty());
        QVERIFY(s.push(".").isEmpty());  // the next character decides
        QCOMPARE(s.push(" Turn"), QStringList{"The road is clear."});
        QCOMPARE(s.push(" left! Then"), QStringList{"Turn left!"});
        QCOMPARE(s.flush(), QStringList{"Then"});
    }
    void cases_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("sentences");
        QTest::newRow("decimal") << "The tank holds 3.5 liters. Refill soon."
                                 << QStringList{"The tank holds 3.5 liters.", "Refill soon."};
        QTest::newRow("title") << "Dr. Smith is on Main St. today. Call him."
                               << QStringList{"Dr. Smith is on Main St. today.", "Call him."};
        QTest::newRow("eg") << "Use a short route, e.g. the highway. It is faster."
                            << QStringList{"Use a short route, e.g. the highway.", "It is faster."};
        QTest::newRow("ellipsis-lower")
            << "Well... maybe later. Sure." << QStringList{"Well... maybe later.", "Sure."};
        QTest::newRow("ellipsis-upper") << "Wait... Go now." << QStringList{"Wait...", "Go now."};
        QTest::newRow("initials") << "J. R. R. Tolkien wrote it. Yes."
                                  << QStringList{"J. R. R. Tolkien wrote it.", "Yes."};
        QTest::newRow("question-quote")
            << "He asked \"why?\" Then left." << QStringList{"He asked \"why?\"", "Then left."};
        QTest::newRow("newline") << "First line\nSecond line" << QStringList{"First line", "Second line"};
        QTest::newRow("version") << "Version 1.2.3 is out. Update."
                                 << QStringList{"Version 1.2.3 is out.", "Update."};
        QTest::newRow("time") << "Leave at 5 p.m. Traffic is light."
                              << QStringList{"Leave at 5 p.m.", "Traffic is light."};
        QTest::newRow("multi-punct") << "Really?! Yes." << QStringList{"Really?!", "Yes."};
    }
    void cases() {
        QFETCH(QString, text);
        QFETCH(QStringList, sentences);
        QCOMPARE(splitStreamed(text, 1), sentences);
        QCOMPARE(splitStreamed(text, 4), sentences);
        QCOMPARE(splitStreamed(text, 1000), sentences);
    }
    void runOnIsCut() {
        SentenceSplitter s(60);
        const QString longText = QString("word, ").repeated(20);
        const QStringList out = s.push(longText);
        QVERIFY(!out.isEmpty());
        for (const QString& sentence : out) QVERIFY(sentence.size() <= 60);
    }
    // The first cut may come at a clause break once the clause is long enough; later ones wait for the end.
    void firstClauseIsCutEarly() {
        SentenceSplitter s;
        s.setFirstClauseChars(20);
        QVERIFY(s.push("Yes, it is").isEmpty());  // "Yes" is too short a clause
        QCOMPARE(s.push(" about twelve miles from here, past the bridge, ").join('|'),
                 QString("Yes, it is about twelve miles from here,"));
        QVERIFY(s.push("and then, after a turn, ").isEmpty());  // only the first cut is a clause
        QCOMPARE(s.push("you are there. ").join('|'),
                 QString("past the bridge, and then, after a turn, you are there."));
        s.reset();
        QCOMPARE(s.push("Turn left at the lights, then").join('|'), QString("Turn left at the lights,"));
        QCOMPARE(s.push(" go on. ").join('|'), QString("then go on."));
        SentenceSplitter off;
        QVERIFY(off.push("Turn left at the lights, then").isEmpty());
    }
    void cutNowTakesWhatIsPending() {
        SentenceSplitter s;
        s.push("road road road");
        QCOMPARE(s.cutNow(), QString("road road road"));
        QVERIFY(s.pending().isEmpty());
        QVERIFY(s.cutNow().isEmpty());
    }
    void whitespaceOnlyFlushIsEmpty() {
        SentenceSplitter s;
        s.push("  \n ");
        QVERIFY(s.flush().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSentenceSplitter)
#include "tst_sentence_splitter.moc"
