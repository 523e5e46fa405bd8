// InferenceWorker's tool loop (inference/tool_round.h) with a scripted Backend (answers given in advance,
// streamed in small pieces; every prompt and its options recorded) and fake tools. The worker is used on
// the test thread (its slots called directly): the loop itself is what is checked, not the queuing.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include "backends/backend.h"
#include "inference/inference_worker.h"
#include "lists/message_list_model.h"
#include "ui/model_list_model.h"
#include "tools/tool_registry.h"

using namespace peregrine;

namespace {

class ScriptedBackend : public Backend {
public:
    ScriptedBackend(ChatFamily family, QStringList answers) : m_answers(std::move(answers)) {
        m_model.name = "scripted";
        m_model.chatFamily = family;
    }
    std::string_view kind() const override { return "native"; }
    std::string runtimeDescription() const override { return "scripted"; }
    BackendCapabilities capabilities() const override { return {}; }
    const BackendModel& model() const override { return m_model; }
    Result<GenerationStats> chat(std::span<const ChatMessage> conversation, const GenerateOptions& options,
                                 const TokenCallback& onToken) override {
        prompts.emplace_back(conversation.begin(), conversation.end());
        this->options.push_back(options);
        const std::string text =
            (m_answers.isEmpty() ? QStringLiteral("(no more answers)") : m_answers.takeFirst()).toStdString();
        GenerationStats stats;
        for (size_t i = 0; i < text.size(); i += 3) {  // pieces that split the tags
            ++stats.generatedTokens;
            if (!onToken(std::string_view(text).substr(i, 3), 0)) break;
        }
        stats.stopReason = StopReason::EndOfText;
        return stats;
    }
    std::vector<std::vector<ChatMessage>> prompts;
    std::vector<GenerateOptions> options;

private:
    BackendModel m_model;
    QStringList m_answers;
};

class FakeTool : public tools::Tool {
public:
    FakeTool(QString name, bool confirm) : m_name(std::move(name)), m_confirm(confirm) {}
    QString name() const override { return m_name; }
    QString description() const override { return QStringLiteral("A test tool."); }
    QJsonObject parameters() const override {
        return QJsonDocument::fromJson(
                   "{\"type\":\"object\",\"properties\":{\"minutes\":{\"type\":\"integer\"}},"
                   "\"required\":[\"minutes\"]}")
            .object();
    }
    bool needsConfirmation(const QJsonObject&) const override { return m_confirm; }
    tools::ToolResult invoke(const QJsonObject& arguments) override {
        calls << arguments;
        return {true, QStringLiteral("Timer set for %1 minutes.").arg(arguments.value("minutes").toInt()),
                QJsonObject{{"id", 7}}};
    }
    QList<QJsonObject> calls;

private:
    QString m_name;
    bool m_confirm;
};

struct Run {
    QString words;  // tokens() joined
    QString voice;  // voiceText() joined
    QString toolCalls;
    GenerationResult result;
    bool finished = false;
};

Run ask(InferenceWorker& worker, const QString& question) {
    Run run;
    QObject::connect(&worker, &InferenceWorker::tokens,
                     [&](qint64, const QString& t, int) { run.words += t; });
    QObject::connect(&worker, &InferenceWorker::voiceText, [&](int, const QString& t) { run.voice += t; });
    QObject::connect(&worker, &InferenceWorker::toolCalls,
                     [&](qint64, const QString& j) { run.toolCalls = j; });
    QObject::connect(&worker, &InferenceWorker::finished, [&](qint64, const GenerationResult& r) {
        run.result = r;
        run.finished = true;
    });
    GenerationRequest request;
    request.requestId = 1;
    request.voiceTurn = 3;
    request.conversation = {{"system", "Be brief."}, {"user", question}};
    worker.generate(request);
    QObject::disconnect(&worker, nullptr, nullptr, nullptr);
    return run;
}

}  // namespace

class TestToolLoop : public QObject {
    Q_OBJECT

private slots:
    void hermesCallRunsAndTheResultIsFedBack() {
        tools::ToolRegistry registry;
        auto tool = std::make_unique<FakeTool>("set_timer", false);
        FakeTool* timer = tool.get();
        registry.addTool(std::move(tool));
        auto backend = std::make_unique<ScriptedBackend>(
            ChatFamily::ChatML, QStringList{"Sure.\n<tool_call>\n{\"name\": \"set_timer\", \"arguments\": "
                                            "{\"minutes\": 5}}\n</tool_call>",
                                            "Timer set for 5 minutes."});
        ScriptedBackend* b = backend.get();
        InferenceWorker worker;
        worker.setTools(&registry);
        worker.adoptBackend(std::move(backend), "scripted.gguf");
        const Run run = ask(worker, "Timer 5 minutes");

        QVERIFY(run.finished);
        QCOMPARE(timer->calls.size(), 1);
        QCOMPARE(timer->calls[0].value("minutes").toInt(), 5);
        // Only the words were streamed and spoken, never the call.
        QCOMPARE(run.words, QStringLiteral("Sure.\n Timer set for 5 minutes."));
        QCOMPARE(run.voice, run.words);
        // The first prompt offered the tool, the answer was constrained after the tag.
        QCOMPARE(b->prompts.size(), size_t(2));
        QVERIFY(b->prompts[0][0].content.find("<tools>\n{\"type\": \"function\"") != std::string::npos);
        QCOMPARE(b->options[0].sampling.constraintTrigger, std::string("<tool_call>"));
        QVERIFY(b->options[0].sampling.jsonSchema.find("\"const\":\"set_timer\"") != std::string::npos);
        // The second prompt holds the call as the template writes it and the result as a tool response.
        const auto& second = b->prompts[1];
        QCOMPARE(second.size(), size_t(4));
        QCOMPARE(second[2].role, std::string("assistant"));
        QCOMPARE(
            second[2].content,
            std::string(
                "<tool_call>\n{\"name\": \"set_timer\", \"arguments\": {\"minutes\": 5}}\n</tool_call>"));
        QCOMPARE(second[3].role, std::string("user"));
        QVERIFY(second[3].content.rfind("<tool_response>\n{", 0) == 0);
        QVERIFY(second[3].content.find("\"id\":7") != std::string::npos);
        QVERIFY(second[3].content.find("Timer set for 5 minutes.") != std::string::npos);
        // The activity: one call, its arguments and what the tool said.
        const QJsonArray activity = QJsonDocument::fromJson(run.toolCalls.toUtf8()).array();
        QCOMPARE(activity.size(), 1);
        QCOMPARE(activity[0].toObject().value("name").toString(), QStringLiteral("set_timer"));
        QCOMPARE(activity[0].toObject().value("say").toString(), QStringLiteral("Timer set for 5 minutes."));
        QCOMPARE(run.result.generatedTokens, 35);  // both rounds' pieces
    }

    void llamaJsonCallAndMalformedCallsAreReported() {
        tools::ToolRegistry registry;
        auto tool = std::make_unique<FakeTool>("set_timer", false);
        FakeTool* timer = tool.get();
        registry.addTool(std::move(tool));
        auto backend = std::make_unique<ScriptedBackend>(
            ChatFamily::Llama3,
            QStringList{"{\"name\": \"set_timer\", \"parameters\": {\"minutes\": \"five\"}}",
                        "{\"name\": \"set_timer\", \"parameters\": {\"minutes\": 5}}", "Done."});
        ScriptedBackend* b = backend.get();
        InferenceWorker worker;
        worker.setTools(&registry);
        worker.adoptBackend(std::move(backend), "scripted.gguf");
        const Run run = ask(worker, "Timer 5 minutes");
        QCOMPARE(run.words, QStringLiteral("Done."));
        QCOMPARE(timer->calls.size(), 1);  // the malformed call was not run
        QCOMPARE(b->prompts.size(), size_t(3));
        QCOMPARE(b->prompts[1].back().role, std::string("ipython"));
        QVERIFY(b->prompts[1].back().content.find("malformed call") != std::string::npos);
        QVERIFY(b->options[0].sampling.jsonSchema.empty());  // Llama 3 auto: free, the parser checks
        const QJsonArray activity = QJsonDocument::fromJson(run.toolCalls.toUtf8()).array();
        QCOMPARE(activity.size(), 2);
        QVERIFY(activity[0].toObject().value("error").toString().contains("expected integer"));
    }

    void confirmationToolsAreNotRunAndRoundsAreLimited() {
        tools::ToolRegistry registry;
        auto tool = std::make_unique<FakeTool>("awning", true);
        FakeTool* awning = tool.get();
        registry.addTool(std::move(tool));
        const QString call = "<tool_call>{\"name\": \"awning\", \"arguments\": {\"minutes\": 1}}</tool_call>";
        auto backend =
            std::make_unique<ScriptedBackend>(ChatFamily::ChatML, QStringList{call, call, call, call, call});
        ScriptedBackend* b = backend.get();
        InferenceWorker worker;
        worker.setTools(&registry);
        worker.adoptBackend(std::move(backend), "scripted.gguf");
        const Run run = ask(worker, "Open the awning");
        QVERIFY(awning->calls.isEmpty());
        QCOMPARE(b->prompts.size(), size_t(InferenceWorker::kMaxToolRounds + 1));
        QVERIFY(run.words.contains("stopped after 3 rounds"));
        QVERIFY(b->prompts[1].back().content.find("confirmation") != std::string::npos);
    }

    void noToolsMeansPlainChat() {
        auto backend = std::make_unique<ScriptedBackend>(ChatFamily::ChatML, QStringList{"<tool_call>{}"});
        ScriptedBackend* b = backend.get();
        InferenceWorker worker;
        worker.adoptBackend(std::move(backend), "scripted.gguf");
        const Run run = ask(worker, "Hi");
        QCOMPARE(run.words, QStringLiteral("<tool_call>{}"));
        QVERIFY(run.toolCalls.isEmpty());
        QCOMPARE(b->prompts[0][0].content, std::string("Be brief."));
        QVERIFY(b->options[0].sampling.jsonSchema.empty());
    }

    // What the conversation and the Models page show: the bubble's tool line, the tool score.
    void toolLineAndToolScoreTexts() {
        QCOMPARE(
            toolCallsText(QStringLiteral(
                "[{\"name\":\"set_timer\",\"arguments\":{\"minutes\":5,\"label\":\"tea\"},"
                "\"ok\":true,\"say\":\"Timer set.\"},{\"text\":\"{\",\"error\":\"not JSON\"}]")),
            QStringLiteral("set_timer(label: tea, minutes: 5) → Timer set.\nmalformed tool call: not JSON"));
        QVERIFY(toolCallsText({}).isEmpty());
        ToolEvalRunRecord a, b;
        a.category = QStringLiteral("simple");
        a.accuracy = 1.0;
        b.category = QStringLiteral("irrelevance");
        b.accuracy = 0.5;
        b.toolChoice = a.toolChoice = QStringLiteral("required");
        QCOMPARE(toolScoreText({a, b}), QStringLiteral("tools 75% (simple 100, irrelevance 50; required)"));
        QVERIFY(toolScoreText({}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestToolLoop)
#include "tst_tool_loop.moc"
