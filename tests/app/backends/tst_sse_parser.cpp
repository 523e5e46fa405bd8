// SseParser on the shapes servers send: split pieces (byte by byte), CRLF / CR / LF, comments, multi-line
// data, [DONE], fields without a value; and the pure OpenAI JSON helpers (chunks, errors, stats, request).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "backends/openai_protocol.h"
#include "backends/sse_parser.h"

using namespace peregrine;

namespace {
std::vector<SseEvent> feedInPieces(std::string_view text, size_t pieceSize) {
    SseParser p;
    std::vector<SseEvent> all;
    for (size_t i = 0; i < text.size(); i += pieceSize) {
        auto got = p.feed(text.substr(i, pieceSize));
        all.insert(all.end(), got.begin(), got.end());
    }
    return all;
}
}  // namespace

class TstSseParser : public QObject {
    Q_OBJECT
private slots:
    void sameEventsWhateverTheSplit() {
        const std::string stream =
            ": keep-alive\r\n\r\ndata: {\"a\":1}\r\n\r\nevent: note\r\ndata: x\r\n\r\ndata: [DONE]\r\n\r\n";
        for (size_t piece : {size_t(1), size_t(2), size_t(3), size_t(7), stream.size()}) {
            const auto ev = feedInPieces(stream, piece);
            QCOMPARE(ev.size(), size_t(3));
            QCOMPARE(ev[0].data, std::string("{\"a\":1}"));
            QCOMPARE(ev[0].event, std::string());
            QCOMPARE(ev[1].event, std::string("note"));
            QCOMPARE(ev[1].data, std::string("x"));
            QCOMPARE(ev[2].data, std::string("[DONE]"));
        }
    }
    void crlfSplitBetweenPiecesIsOneLineEnd() {
        SseParser p;
        QVERIFY(p.feed("data: a\r").empty());
        // The LF completing the CRLF must not be read as the blank line that dispatches.
        QVERIFY(p.feed("\n").empty());
        const auto ev = p.feed("\r\n");
        QCOMPARE(ev.size(), size_t(1));
        QCOMPARE(ev[0].data, std::string("a"));
    }
    void bareCrAndLfEndLines() { QCOMPARE(feedInPieces("data: a\r\rdata: b\n\n", 1).size(), size_t(2)); }
    void multiLineDataJoinedWithNewline() {
        const auto ev = feedInPieces("data: first\ndata:second\ndata:  third\n\n", 4);
        QCOMPARE(ev.size(), size_t(1));
        QCOMPARE(ev[0].data, std::string("first\nsecond\n third"));  // only one space is dropped
    }
    void commentsAndEventsWithoutDataAreNotDispatched() {
        SseParser p;
        QVERIFY(p.feed(": ping\n\nevent: x\n\nretry: 10\n\n").empty());
        const auto ev = p.feed("data\n\n");  // a field without a colon has an empty value
        QCOMPARE(ev.size(), size_t(1));
        QCOMPARE(ev[0].data, std::string());
    }
    void unfinishedEventIsHeld() {
        SseParser p;
        QVERIFY(p.feed("data: partial").empty());
        QVERIFY(p.hasPartialEvent());
        QCOMPARE(p.pendingBytes(), size_t(13));
        QCOMPARE(p.feed("\n\n").size(), size_t(1));
        QVERIFY(!p.hasPartialEvent());
    }
    void idIsKept() {
        const auto ev = feedInPieces("id: 7\ndata: a\n\ndata: b\n\n", 5);
        QCOMPARE(ev.size(), size_t(2));
        QCOMPARE(ev[1].id, std::string("7"));
    }
    void overlongLineIsFlagged() {
        SseParser p;
        p.setMaxLineBytes(8);
        p.feed("data: 0123456789");
        QVERIFY(p.overflowed());
    }

    void chunkContentFinishTimingsUsage() {
        auto c = parseChatChunk(R"({"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]})");
        QVERIFY(c.isOk());
        QCOMPARE(c->content, std::string("Hi"));
        QVERIFY(c->finishReason.empty());
        c = parseChatChunk(R"({"choices":[{"delta":{},"finish_reason":"stop"}],"timings":{"cache_n":3,)"
                           R"("prompt_n":9,"prompt_ms":12.5,"prompt_per_second":720,"predicted_n":4,)"
                           R"("predicted_ms":40,"predicted_per_second":100}})");
        QVERIFY(c.isOk());
        QCOMPARE(c->finishReason, std::string("stop"));
        QVERIFY(c->timings.has_value());
        GenerationStats s;
        s.generatedTokens = 2;
        applyServerStats(s, c->timings, std::nullopt);
        QCOMPARE(s.promptTokens, 12);
        QCOMPARE(s.reusedTokens, 3);
        QCOMPARE(s.generatedTokens, 4);
        QCOMPARE(s.promptMs, 12.5);
        QCOMPARE(s.promptTokPerSec, 720.0);
        QCOMPARE(s.decodeTokPerSec, 100.0);
        c = parseChatChunk(R"({"choices":[],"usage":{"prompt_tokens":20,"completion_tokens":5,)"
                           R"("prompt_tokens_details":{"cached_tokens":8}}})");
        QVERIFY(c.isOk() && c->usage.has_value() && c->content.empty());
        GenerationStats u;
        applyServerStats(u, std::nullopt, c->usage);
        QCOMPARE(u.promptTokens, 20);
        QCOMPARE(u.generatedTokens, 5);
        QCOMPARE(u.reusedTokens, 8);
    }
    void malformedChunksAreNamed() {
        auto c = parseChatChunk("{not json");
        QVERIFY(!c.isOk());
        QVERIFY2(c.message().find("not a JSON object") != std::string::npos, c.message().c_str());
        QVERIFY(!parseChatChunk(R"({"object":"x"})").isOk());
        c = parseChatChunk(R"({"error":{"message":"slot crashed"}})");
        QVERIFY(c.isOk());
        QCOMPARE(c->error, std::string("slot crashed"));
    }
    void serverErrorMessages() {
        QCOMPARE(serverErrorMessage(R"({"error":{"code":500,"message":"oom"}})"), std::string("oom"));
        QCOMPARE(serverErrorMessage(R"({"error":"model not found"})"), std::string("model not found"));
        QCOMPARE(serverErrorMessage("  Bad Gateway\n"), std::string("Bad Gateway"));
    }
    void finishReasons() {
        QCOMPARE(mapFinishReason("stop"), StopReason::EndOfText);
        QCOMPARE(mapFinishReason("length"), StopReason::Length);
        QCOMPARE(mapFinishReason("content_filter"), StopReason::ContentFilter);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("unknown finish_reason: tool_calls"));
        QCOMPARE(mapFinishReason("tool_calls"), StopReason::Unknown);
    }
    void modelList() {
        auto m = parseModelList(R"({"data":[{"id":"m.gguf","owned_by":"llamacpp","meta":{"n_vocab":32}}]})");
        QVERIFY(m && m->id == "m.gguf" && m->ownedBy == "llamacpp" && m->nVocab == 32);
        m = parseModelList(R"({"models":[{"name":"llama3.2:3b"}]})");
        QVERIFY(m && m->id == "llama3.2:3b");
        QVERIFY(!parseModelList("[]"));
    }
    void requestBody() {
        std::vector<ChatMessage> conv{{"system", "Be brief."}, {"user", "Hi \"there\""}};
        GenerateOptions o;
        o.maxTokens = 33;
        o.sampling.temperature = 0;
        o.sampling.topK = 0;
        const QJsonObject b = QJsonDocument::fromJson(buildChatRequest(conv, o, "")).object();
        QCOMPARE(b.value("stream").toBool(), true);
        QCOMPARE(b.value("max_tokens").toInt(), 33);
        QCOMPARE(b.value("temperature").toDouble(), 0.0);
        QVERIFY(!b.contains("top_k"));
        QVERIFY(b.contains("min_p"));
        QVERIFY(!b.contains("model"));
        QCOMPARE(b.value("messages").toArray().size(), 2);
        QCOMPARE(b.value("messages").toArray()[1].toObject().value("content").toString(),
                 QString("Hi \"there\""));
        QCOMPARE(QJsonDocument::fromJson(buildChatRequest(conv, o, "m")).object().value("model").toString(),
                 QString("m"));
    }
};

QTEST_GUILESS_MAIN(TstSseParser)
#include "tst_sse_parser.moc"
