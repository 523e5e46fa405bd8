// InferenceWorker: owns the loaded model (a Backend: the engine, llama.cpp, a server) and runs it. Create it
// without a parent, moveToThread() onto its own QThread, and talk to it only through queued signals; every
// slot runs on that thread and may block it for as long as a load or an answer takes. The UI thread never
// calls into it except through the cancel flag of a request (an atomic read between tokens: cancellation
// takes effect before the next token is computed).
//
// Token text is coalesced: tokens() fires for the first token at once, then at most every kCoalesceMs with
// whatever arrived in between, and once more before finished(). No exception leaves a slot: engine failures
// and std::exceptions become failed() / modelLoadFailed() / benchmarkFailed().
//
// Tools (setTools()): with a non-empty registry, a local answer offers the tools in the model's chat template
// (engine/tools); a call in the answer is run (inference/tool_round.h), its result fed back in the
// template's tool role and the model answers again, at most kMaxToolRounds rounds of calls. Call text is
// neither streamed nor spoken (ToolCallStreamFilter): tokens()/voiceText() carry only the words. Each round's
// calls and results so far are reported by toolCalls(). Deep-think (remote) answers get no tools.
#pragma once

#include <QObject>
#include <QString>
#include <memory>

#include "inference/deep_think_types.h"
#include "inference/inference_types.h"
#include "toolcall/tool_spec.h"

namespace peregrine {

class Backend;
class DeepThinkClient;
struct BackendRequest;
struct GenerationStats;
namespace tools {
class ToolRegistry;
}

class InferenceWorker : public QObject {
    Q_OBJECT

public:
    static constexpr int kCoalesceMs = 16;  // one UI frame
    // Tools are offered only to a model loaded with at least this context: their descriptions and schemas
    // (8 KB of JSON for the cab's tools) take 2-3.5k tokens, which a 2k context cannot hold beside a
    // question.
    static constexpr int kToolsMinContext = 4096;
    static constexpr int kMaxToolRounds = 3;  // rounds of calls run per answer; a 4th answer's calls are not

    explicit InferenceWorker(QObject* parent = nullptr);
    ~InferenceWorker() override;

    // The tools later answers may call (null or empty: none) and how (ToolChoice::Auto by default). Not
    // owned: the registry must outlive the worker. Call before the worker's thread runs, or on that thread.
    void setTools(const tools::ToolRegistry* registry, ToolChoice choice = ToolChoice::Auto);
    // Makes an already-open backend the loaded model (modelLoaded() follows), as commitCandidate() does for
    // a loaded file: for embedders and tests that bring their own Backend. Call on the worker's thread.
    void adoptBackend(std::unique_ptr<Backend> backend, const QString& path);

public slots:
    void unloadModel();
    void generate(const peregrine::GenerationRequest& request);
    // Deep think: answers request from endpoint (the driver asked for it; DeepThinkRouter built both) with
    // the same tokens() / finished() / failed() signals as generate(); the result names the remote model.
    // The connection is opened on the first such request (none before); the request's cancel flag stops it
    // within ~50 ms, also before the first token. Needs no loaded model.
    void generateRemote(const peregrine::GenerationRequest& request,
                        const peregrine::OpenAiEndpoint& endpoint);
    // Computes ahead what a later generate() of this conversation will need (Session::prefillChat): the
    // system prompt right after a load, the words heard so far while the driver speaks, the whole prompt at
    // the end of speech (wholeQuestion). Silent: a failure only costs the time it saves.
    void prepare(const peregrine::GenerationRequest& request, bool wholeQuestion);
    void setThreads(int threads);
    void resetConversation();  // forget the KV-cache prefix (a different conversation follows)
    // The runtime later loads use (inference.backend: "native", "llamacpp", "openai"; llamacppLibrary:
    // runtimes.llamacpp.library). The loaded model keeps its backend until the next load.
    void setBackend(const QString& kind, const QString& llamacppLibrary);
    // The server behind an endpoint id ("openai:<url>", inference.endpoint): the model to ask for
    // (inference.endpoint_model, "" = the server's) and the file holding its API key (inference.api_key_file,
    // mode 0600; "" = none), read at each load. Loading an endpoint fails when the server cannot be reached.
    void setEndpoint(const QString& model, const QString& apiKeyFile);
    // The NPU runtimes later loads use for Genie bundles and .rkllm files (runtimes.genie.library,
    // runtimes.qairt.root, runtimes.rkllm.library, runtimes.rkllm.version; "" = the backend's own default).
    void setNpuRuntimes(const QString& genieLibrary, const QString& qairtRoot, const QString& rkllmLibrary,
                        const QString& rkllmVersion);
    void runBenchmark(const peregrine::BenchmarkRequest& request);

    // Safe switching (the ModelSwitcher handshake, see models/model_switcher.h). loadCandidate() loads a
    // second Session beside the current one, which stays loaded and answers the requests queued after the
    // load (the load itself runs on this thread); candidateLoaded() or candidateFailed() follows and the
    // current model is untouched either way. commitCandidate() makes the loaded candidate current (the old
    // Session is released; modelLoaded() follows); discardCandidate() drops it. A path that is not the
    // loaded candidate is ignored.
    void loadCandidate(const QString& path, int contextLength, int threads);
    void commitCandidate(const QString& path);
    void discardCandidate(const QString& path);

signals:
    void modelLoaded(const peregrine::LoadedModel& model);
    void modelUnloaded();
    void candidateLoaded(const QString& path, double loadMs);
    void candidateFailed(const QString& path, const QString& reason);
    void tokens(qint64 requestId, const QString& text, int generatedSoFar);  // coalesced
    void finished(qint64 requestId, const peregrine::GenerationResult& result);
    void failed(qint64 requestId, const QString& message);
    // The tool calls of request so far (all rounds), as the JSON array stored in messages.tool_calls
    // (tool_round.h ToolRoundResult::activity); before finished().
    void toolCalls(qint64 requestId, const QString& activityJson);
    // The same answer for the voice loop, for a request with a voice turn (connected straight to the voice
    // loop's thread): its text (coalesced like tokens(), none after a stop), then its end or failure.
    void voiceText(int turn, const QString& text);
    void voiceFinished(int turn);
    void voiceFailed(int turn, const QString& message);
    void benchmarkProgress(const QString& message);
    void benchmarkFinished(const peregrine::BenchmarkResult& result);
    void benchmarkFailed(const QString& message);
    // The loaded model's file changed on disk (Session::modelFileStatus); reason says what happened ("it was
    // truncated while in use"). Damaged files end answers; a replaced file answers from the old copy.
    void modelFileChanged(const QString& path, const QString& reason);

private:
    // Whether answers of this backend's model get the tools (a registry is set, choice is not None and its
    // context is at least kToolsMinContext). Inference thread.
    bool offersTools(const Backend& backend) const;
    static std::string toolPromptDate();  // "06 Dec 2026", for the templates that state the date
    void doGenerate(const GenerationRequest& request);
    bool endIfCancelled(const GenerationRequest& request);  // stopped while queued: finished("cancelled")
    // Ends request: finished()/failed() with its id, and voiceFinished()/voiceFailed() for a voice turn.
    void endFinished(const GenerationRequest& request, const GenerationResult& result);
    void endFailed(const GenerationRequest& request, const QString& message);
    // Streams one answer of backend to request's id (coalesced tokens(), then finished() or failed()).
    // modelFile: backend is the loaded model (its file is checked after the answer).
    void streamAnswer(Backend& backend, const GenerationRequest& request, bool modelFile,
                      const QString& answeredBy = {});
    QString endpointRequest(const QString& id, BackendRequest* request) const;
    // streamAnswer()'s stats of one backend.chat() (a tool loop adds up its rounds).
    GenerationResult resultOf(const GenerationStats& stats, const GenerationResult& before) const;

    std::unique_ptr<Backend> m_session;
    LoadedModel m_model;
    std::unique_ptr<Backend> m_candidate;  // loaded, waiting for commitCandidate()
    LoadedModel m_candidateModel;
    int m_threads = 0;
    QString m_backendKind = QStringLiteral("native");
    QString m_llamacppLibrary;
    const tools::ToolRegistry* m_tools = nullptr;
    std::vector<ToolSpec>
        m_toolSpecs;  // m_tools' specs, built once in setTools() (prompt and prefill share them)
    ToolChoice m_toolChoice = ToolChoice::Auto;
    std::unique_ptr<DeepThinkClient> m_deepThink;  // created by the first generateRemote()
    QString m_endpointModel, m_apiKeyFile;
    struct {
        QString genieLibrary, qairtRoot, rkllmLibrary, rkllmVersion;
    } m_npu;  // setNpuRuntimes()
};

// Registers the queued-signal types once (idempotent). Called by the worker's constructor.
void registerInferenceTypes();

}  // namespace peregrine
