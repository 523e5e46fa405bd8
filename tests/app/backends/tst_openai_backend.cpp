// OpenAiBackend against fake_llama_server.py, the answers that work: streaming, stats, the request it sends,
// finish reasons, the stream_options retry, cancel mid-answer (the server sees the stream closed) and
// requestCancel() before the first piece, chat() on a QThread not dispatching that thread's queued events,
// loopback -> local, and deep think from the cab phrase to the server. Failures: tst_openai_failures.cpp.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <chrono>
#include <sys/stat.h>
#include <thread>

#include "backends/deep_think_router.h"
#include "backends/http_stream.h"
#include "backends/openai_backend.h"
#include "fake_server.h"
#include "openai_test_helpers.h"

using namespace peregrine;
using namespace peregrine::openai_test;

class TstOpenAiBackend : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY2(m_server.isRunning(), "fake_llama_server.py did not start"); }

    void streamsTheAnswerWithStats() {
        auto b = open(m_server.endpoint("normal"), 15000, "sk-test");
        QVERIFY(b);
        QCOMPARE(b->kind(), std::string_view("openai"));
        QCOMPARE(b->model().name, std::string("fake-model.gguf"));  // from GET /models
        QCOMPARE(b->model().nVocab, 512);
        QVERIFY(b->runtimeDescription().find("llama-server at http://127.0.0.1:") == 0);
        QVERIFY(b->capabilities().local);
        QVERIFY(!b->capabilities().logits && !b->capabilities().threadLever &&
                !b->capabilities().prefixReuse);
        const Answer a = ask(*b);
        QVERIFY2(a.stats.isOk(), a.stats.message().c_str());
        QCOMPARE(a.text, std::string("Hello, world!"));
        QCOMPARE(a.pieces, 4);
        const GenerationStats& s = a.stats.value();
        QCOMPARE(s.stopReason, StopReason::EndOfText);
        QCOMPARE(s.promptTokens, 12);  // usage.prompt_tokens
        QCOMPARE(s.reusedTokens, 3);   // timings.cache_n
        QCOMPARE(s.generatedTokens, 4);
        QCOMPARE(s.promptMs, 12.5);
        QCOMPARE(s.promptTokPerSec, 720.0);
        QCOMPARE(s.decodeTokPerSec, 100.0);
        QVERIFY(s.timeToFirstTokenMs > 0);
        qInfo("normal: client-side TTFT %.2f ms on loopback", s.timeToFirstTokenMs);

        const QJsonObject last = m_server.last();
        QCOMPARE(last.value("authorization").toString(), QString("Bearer sk-test"));
        const QJsonObject body = last.value("body").toObject();
        QCOMPARE(body.value("stream").toBool(), true);
        QCOMPARE(body.value("max_tokens").toInt(), 48);
        QCOMPARE(body.value("top_k").toInt(), 20);
        QVERIFY(qAbs(body.value("temperature").toDouble() - 0.2) < 1e-6);
        QCOMPARE(body.value("messages").toArray().size(), 2);
    }
    void lengthAndUsageOnly() {
        auto b = open(m_server.endpoint("length"));
        QVERIFY(b);
        Answer a = ask(*b);
        QVERIFY2(a.stats.isOk(), a.stats.message().c_str());
        QCOMPARE(a.stats->stopReason, StopReason::Length);
        b = open(m_server.endpoint("usage"));
        a = ask(*b);
        QVERIFY2(a.stats.isOk(), a.stats.message().c_str());
        QCOMPARE(a.stats->promptTokens, 12);
        QCOMPARE(a.stats->generatedTokens, 4);
        QCOMPARE(a.stats->promptMs, 0.0);    // not reported without timings
        QCOMPARE(a.stats->reusedTokens, 3);  // usage.prompt_tokens_details.cached_tokens
        QVERIFY(m_server.last().value("authorization").isNull());  // no key, no header
    }
    void strictServerRefusingStreamOptions() {
        auto b = open(m_server.endpoint("strict"));
        QVERIFY(b);
        for (int i = 0; i < 2; ++i) {  // the second question goes without stream_options at once
            const Answer a = ask(*b);
            QVERIFY2(a.stats.isOk(), a.stats.message().c_str());
            QCOMPARE(a.text, std::string("Hello, world!"));
            QCOMPARE(a.pieces, 4);
            QVERIFY(!m_server.last().value("body").toObject().contains("stream_options"));
        }
    }
    void cancelClosesTheStream() {
        auto b = open(m_server.endpoint("slow"));
        QVERIFY(b);
        QElapsedTimer t;
        t.start();
        const Answer a = ask(*b, 3);
        QVERIFY2(a.stats.isOk(), a.stats.message().c_str());
        QCOMPARE(a.stats->stopReason, StopReason::Cancelled);
        QCOMPARE(a.pieces, 3);
        QVERIFY2(t.elapsed() < 3000, "cancel should not wait for the whole answer (10 s)");
        qInfo("cancel: chat() returned %lld ms after it started (3 pieces, one per 50 ms)", t.elapsed());
        QJsonObject last;
        for (int i = 0; i < 40 && !last.value("disconnected").toBool(); ++i) {
            QThread::msleep(100);
            last = m_server.last();
        }
        QVERIFY2(last.value("disconnected").toBool(), "the server never saw the stream closed");
        QVERIFY(last.value("pieces_sent").toInt() < 200);
    }
    // A stop while the server is still computing the prompt: no piece has come, so the callback cannot
    // cancel; requestCancel() from another thread ends the answer at once.
    void requestCancelBeforeTheFirstPiece() {
        auto opened = open(m_server.endpoint("slowstart"));
        QVERIFY(opened);
        auto* b = dynamic_cast<OpenAiBackend*>(opened.get());
        QVERIFY(b);
        QElapsedTimer t;
        t.start();
        std::thread stopper([b] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            b->requestCancel();
        });
        const Answer a = ask(*b);
        stopper.join();
        QVERIFY2(a.stats.isOk(), a.stats.message().c_str());
        QCOMPARE(a.stats->stopReason, StopReason::Cancelled);
        QCOMPARE(a.pieces, 0);
        QVERIFY2(t.elapsed() < 1200, "requestCancel should not wait for the first piece (1.5 s)");
        qInfo("requestCancel: chat() returned %lld ms after it started (cancel at 300 ms)", t.elapsed());
        const Answer next = ask(*b);  // the flag does not stick to the next question
        QVERIFY2(next.stats.isOk(), next.stats.message().c_str());
        QCOMPARE(next.text, std::string("Hello, world!"));
    }
    // Deep think end to end: the cab phrase routes to the endpoint, the key comes from the 0600 file into the
    // Bearer header, and only text (system prompt + the question without its prefix) reaches the server.
    void deepThinkRequestReachesTheEndpoint() {
        QTemporaryDir dir;
        QFile key(dir.filePath("deep.key"));
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write("sk-deep-42\n");
        key.close();
        QVERIFY(::chmod(key.fileName().toLocal8Bit().constData(), 0600) == 0);
        DeepThinkConfig config;
        config.enabled = true;
        config.endpoint = QString::fromStdString(m_server.endpoint("normal"));
        config.model = "big-model";
        config.apiKeyFile = key.fileName();
        const std::vector<ChatMessage> history{{"user", "earlier"}, {"assistant", "answer"}};
        const DeepThinkDecision d =
            DeepThinkRouter(config).route("Deep think: plan the route", false, "Be brief.", history);
        QCOMPARE(d.route, DeepThinkDecision::Route::Remote);
        auto b = openOpenAiBackend(d.endpoint);
        QVERIFY2(b.isOk(), b.message().c_str());
        std::string text;
        auto stats = b.value()->chat(d.request, GenerateOptions{}, [&](std::string_view piece, int32_t) {
            text += piece;
            return true;
        });
        QVERIFY2(stats.isOk(), stats.message().c_str());
        QCOMPARE(text, std::string("Hello, world!"));
        const QJsonObject last = m_server.last();
        QCOMPARE(last.value("authorization").toString(), QString("Bearer sk-deep-42"));
        const QJsonObject body = last.value("body").toObject();
        QCOMPARE(body.value("model").toString(), QString("big-model"));
        const QJsonArray messages = body.value("messages").toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[0].toObject().value("content").toString(), QString("Be brief."));
        QCOMPARE(messages[1].toObject().value("content").toString(), QString("plan the route"));
    }
    void loopbackDecidesLocal() {
        QVERIFY(isLoopbackHost("http://localhost:8080/v1"));
        QVERIFY(isLoopbackHost("http://127.0.0.5:8080/v1"));
        QVERIFY(isLoopbackHost("http://[::1]:8080/v1"));
        QVERIFY(!isLoopbackHost("https://api.example.com/v1"));
        QVERIFY(!isLoopbackHost("http://192.168.1.20:8080/v1"));
        OpenAiEndpoint e;
        e.url = "https://api.example.com/v1";
        OpenAiBackend remote(e, std::make_unique<HttpStreamClient>());
        QVERIFY(!remote.capabilities().local);
    }
    // The inference thread's queued events must wait until chat() returns (no re-entrant dispatch).
    void chatOnAQThreadDoesNotReenter() {
        auto b = open(m_server.endpoint("normal"));
        QVERIFY(b);
        QThread thread;
        QObject worker;
        worker.moveToThread(&thread);
        thread.start();
        std::atomic<bool> chatRunning{false}, ranDuringChat{false}, ranAfter{false};
        Result<GenerationStats> result = Status::error("not run");
        QMetaObject::invokeMethod(
            &worker,
            [&] {
                chatRunning = true;
                const std::vector<ChatMessage> conv{{"user", "hi"}};
                result = b->chat(conv, GenerateOptions{}, [&](std::string_view, int32_t) {
                    QMetaObject::invokeMethod(
                        &worker,
                        [&] {
                            ranDuringChat = ranDuringChat || chatRunning;
                            ranAfter = true;
                        },
                        Qt::QueuedConnection);
                    return true;
                });
                chatRunning = false;
            },
            Qt::BlockingQueuedConnection);
        QTRY_VERIFY(ranAfter.load());
        thread.quit();
        thread.wait();
        QVERIFY2(result.isOk(), result.message().c_str());
        QVERIFY(!ranDuringChat);
    }

private:
    FakeLlamaServer m_server;
};

QTEST_GUILESS_MAIN(TstOpenAiBackend)
#include "tst_openai_backend.moc"
