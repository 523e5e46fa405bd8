// OpenAiBackend failures against fake_llama_server.py, each ending the answer with its named reason:
// connection refused, HTTP 500 (with the server's message), HTTP 404, a malformed stream, an error event
// mid-answer, a stall after a piece and before any byte, a server that cannot stream, bad URLs; and the two
// lingering servers that are not failures (open after [DONE]; finish chunk without [DONE]).
#include <QElapsedTimer>
#include <QTcpServer>
#include <QtTest>

#include "backends/openai_backend.h"
#include "fake_server.h"
#include "openai_test_helpers.h"

using namespace peregrine;
using namespace peregrine::openai_test;

class TstOpenAiFailures : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY2(m_server.isRunning(), "fake_llama_server.py did not start"); }

    void connectionRefused() {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/v1";
        auto b = open(url);
        QVERIFY(b);  // a dead server still opens; the answer names the failure
        expectError(ask(*b), ("cannot reach the server at " + url + ": connection refused").c_str());
    }
    void http500CarriesTheServersMessage() {
        auto b = open(m_server.endpoint("error500"));
        QVERIFY(b);
        QCOMPARE(b->model().name, std::string());  // no /models there
        const Answer a = ask(*b);
        expectError(a, "answered HTTP 500: failed to load model: out of memory");
    }
    void http404() {
        expectError(ask(*open(m_server.endpoint("notfound"))), "answered HTTP 404: File Not Found");
    }
    void malformedStream() {
        const Answer a = ask(*open(m_server.endpoint("malformed")));
        expectError(a, "malformed stream from http://127.0.0.1:");
        expectError(a, "after 1 piece of the answer");
        QCOMPARE(a.text, std::string("Hello"));
    }
    void errorEventMidAnswer() {
        expectError(ask(*open(m_server.endpoint("midfail"))), "failed mid-answer: slot 0 crashed");
    }
    void stall() {
        QElapsedTimer t;
        t.start();
        const Answer a = ask(*open(m_server.endpoint("stall"), 600));
        expectError(a, "stalled: the server at ");
        expectError(a, "sent nothing for 0.6 s after 1 piece of the answer");
        QVERIFY(t.elapsed() < 5000);
        qInfo("stall: named %lld ms after the question (stall limit 600 ms after the first piece)",
              t.elapsed());
    }
    void silentServer() {
        expectError(ask(*open(m_server.endpoint("silent"), 500)),
                    "sent nothing for 0.5 s (no answer started)");
    }
    void serverThatCannotStream() {
        expectError(ask(*open(m_server.endpoint("plainjson"))), "no server-sent events in the answer");
    }
    // A server that keeps the stream open after [DONE] is not waited for; one that stops after the finish
    // chunk without [DONE] ends the answer at the stall limit as a finished answer, not as a failure.
    void serverThatLingersAfterTheAnswer() {
        QElapsedTimer t;
        t.start();
        Answer a = ask(*open(m_server.endpoint("lingerdone"), 5000));
        QVERIFY2(a.stats.isOk(), a.stats.message().c_str());
        QCOMPARE(a.stats->stopReason, StopReason::EndOfText);
        QCOMPARE(a.stats->promptTokens, 12);
        QVERIFY2(t.elapsed() < 2000, "the answer was complete at [DONE]");
        a = ask(*open(m_server.endpoint("lingerfin"), 500));
        QVERIFY2(a.stats.isOk(), a.stats.message().c_str());
        QCOMPARE(a.text, std::string("Hello, world!"));
        QCOMPARE(a.stats->stopReason, StopReason::EndOfText);
    }
    void badUrls() {
        for (const char* url : {"", "ftp://host/v1", "127.0.0.1:8080/v1", "http:///v1"}) {
            OpenAiEndpoint e;
            e.url = url;
            auto b = openOpenAiBackend(e);
            QVERIFY2(!b.isOk(), url);
        }
    }

private:
    FakeLlamaServer m_server;
};

QTEST_GUILESS_MAIN(TstOpenAiFailures)
#include "tst_openai_failures.moc"
