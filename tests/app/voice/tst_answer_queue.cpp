// AnswerSource::queuePrepare / queueAsk: a prepare still queued behind a running one is skipped when a newer
// prepare or the question itself has been queued since (it would only delay the answer); the newest prepare
// and every question still run, in order. The answerer's thread is held inside the first prepare until the
// later requests are queued, so the order of events is fixed, not timed.
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include "scripted_answerer.h"

using peregrine::testing::ScriptedAnswerer;

namespace {

// A ScriptedAnswerer whose first prepare blocks until release() (the thread is busy computing a prefix).
class HeldAnswerer : public ScriptedAnswerer {
    Q_OBJECT
public:
    HeldAnswerer() : ScriptedAnswerer(QStringLiteral("fine thanks"), 1) {}
    QSemaphore entered, released;
    void prepare(int turn, const QString& words, bool whole) override {
        if (m_first.exchange(false)) {
            entered.release();
            released.acquire();
        }
        ScriptedAnswerer::prepare(turn, words, whole);
    }

private:
    std::atomic<bool> m_first{true};
};

}  // namespace

class TstAnswerQueue : public QObject {
    Q_OBJECT
private:
    QThread m_thread;
    HeldAnswerer* m_answerer = nullptr;

    void waitForCalls(int n) {
        QTRY_COMPARE_WITH_TIMEOUT(m_answerer->calls().size(), n, 5000);
        QTest::qWait(50);  // nothing more arrives
        QCOMPARE(m_answerer->calls().size(), n);
    }

private slots:
    void init() {
        m_answerer = new HeldAnswerer;
        m_answerer->moveToThread(&m_thread);
        m_thread.start();
    }
    void cleanup() {
        m_answerer->released.release(8);
        m_thread.quit();
        m_thread.wait();
        delete m_answerer;
    }

    void questionSupersedesQueuedPrepares() {
        m_answerer->queuePrepare(1, QStringLiteral("what"), false);
        QVERIFY(m_answerer->entered.tryAcquire(1, 5000));
        m_answerer->queuePrepare(1, QStringLiteral("what is"), false);
        m_answerer->queuePrepare(1, QStringLiteral("what is the time"), true);
        m_answerer->queueAsk(1, QStringLiteral("what is the time"));
        m_answerer->released.release();
        waitForCalls(2);
        QCOMPARE(m_answerer->calls(), (QStringList{"what", "ask:what is the time"}));
        QCOMPARE(m_answerer->skippedPrepares(), 2);
    }

    void newestPrepareRuns() {
        m_answerer->queuePrepare(1, QStringLiteral("what"), false);
        QVERIFY(m_answerer->entered.tryAcquire(1, 5000));
        m_answerer->queuePrepare(1, QStringLiteral("what is"), false);
        m_answerer->queuePrepare(1, QStringLiteral("what is the time"), true);
        m_answerer->released.release();
        waitForCalls(2);
        QCOMPARE(m_answerer->calls(), (QStringList{"what", "whole:what is the time"}));
        QCOMPARE(m_answerer->skippedPrepares(), 1);
    }

    void preparesAfterAQuestionRunAgain() {
        m_answerer->queuePrepare(1, QStringLiteral("hi"), false);
        QVERIFY(m_answerer->entered.tryAcquire(1, 5000));
        m_answerer->queueAsk(1, QStringLiteral("hi"));
        m_answerer->queuePrepare(2, QString(), false);  // the next turn's history, after the answer
        m_answerer->released.release();
        waitForCalls(3);
        QCOMPARE(m_answerer->calls(), (QStringList{"hi", "ask:hi", ""}));
        QCOMPARE(m_answerer->skippedPrepares(), 0);
    }
};

QTEST_GUILESS_MAIN(TstAnswerQueue)
#include "tst_answer_queue.moc"
