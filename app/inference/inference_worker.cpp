#include "inference/inference_worker.h"

#include <QDate>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLocale>
#include <exception>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "backends/deep_think_client.h"
#include "backends/api_key_file.h"
#include "inference/backend_factory.h"
#include "inference/benchmark_runner.h"
#include "inference/model_id.h"
#include "inference/tool_round.h"
#include "logging/logging.h"
#include "toolcall/tool_prompt.h"
#include "toolcall/tool_stream_filter.h"
#include "tools/tool_registry.h"

namespace peregrine {

void registerInferenceTypes() {
    qRegisterMetaType<ModelLoadOptions>();
    qRegisterMetaType<LoadedModel>();
    qRegisterMetaType<GenerationRequest>();
    qRegisterMetaType<GenerationResult>();
    qRegisterMetaType<BenchmarkRequest>();
    qRegisterMetaType<BenchmarkResult>();
    qRegisterMetaType<OpenAiEndpoint>();
    registerStopReasonMetaType();
}

namespace {

GenerateOptions toEngineOptions(const SamplingSettings& s) {
    GenerateOptions o;
    o.maxTokens = s.maxTokens;
    o.sampling.temperature = static_cast<float>(s.temperature);
    o.sampling.topK = s.topK;
    o.sampling.topP = static_cast<float>(s.topP);
    o.sampling.minP = static_cast<float>(s.minP);
    o.sampling.repeatPenalty = static_cast<float>(s.repeatPenalty);
    o.sampling.seed = s.seed;
    return o;
}

std::vector<ChatMessage> toEngineConversation(const QList<ChatTurn>& turns) {
    std::vector<ChatMessage> conversation;
    conversation.reserve(static_cast<size_t>(turns.size()));
    for (const ChatTurn& t : turns) conversation.push_back({t.role.toStdString(), t.content.toStdString()});
    return conversation;
}

LoadedModel describeLoaded(const QString& path, const Backend& backend, double loadMs) {
    const BackendModel& info = backend.model();
    LoadedModel m;
    m.path = normalizedModelId(path);
    m.name = info.name.empty() ? QFileInfo(path).completeBaseName() : QString::fromStdString(info.name);
    if (isEndpointId(path)) m.name = endpointModelName(QString::fromStdString(info.name), path);
    m.architecture = QString::fromStdString(info.architecture);
    m.quantization = QString::fromStdString(info.quantization);
    m.contextLength = info.contextLength;
    m.nParams = info.nParams;
    m.loadMs = loadMs;
    m.backend = QString::fromStdString(backend.runtimeDescription());
    m.backendKind = QString::fromUtf8(backend.kind().data(), static_cast<qsizetype>(backend.kind().size()));
    m.threadLever = backend.capabilities().threadLever;
    return m;
}

}  // namespace

InferenceWorker::InferenceWorker(QObject* parent) : QObject(parent) {
    registerInferenceTypes();
}

InferenceWorker::~InferenceWorker() = default;

void InferenceWorker::loadCandidate(const QString& path, int contextLength, int threads) {
    m_candidate.reset();
    m_candidateModel = {};
    try {
        QElapsedTimer timer;
        timer.start();
        BackendRequest request;
        const BackendKind configured =
            parseBackendKind(m_backendKind.toStdString()).value_or(BackendKind::Native);
        request.kind = backendKindFor(path.toStdString(), configured);
        request.modelPath = path.toStdString();
        request.session.contextLength = contextLength;
        request.session.threads = threads;
        request.llamacppLibrary = m_llamacppLibrary.toStdString();
        if (request.kind == BackendKind::OpenAi) {
            if (const QString reason = endpointRequest(path, &request); !reason.isEmpty()) {
                qCWarning(lcInference).noquote() << "model" << path << "not loaded:" << reason;
                emit candidateFailed(path, reason);
                return;
            }
        }
        request.genieLibrary = m_npu.genieLibrary.toStdString();
        request.qairtRoot = m_npu.qairtRoot.toStdString();
        request.rkllmLibrary = m_npu.rkllmLibrary.toStdString();
        request.rkllmVersion = m_npu.rkllmVersion.toStdString();
        auto session = openBackend(request);
        if (!session) {
            qCWarning(lcInference) << "candidate" << path << "did not load:" << session.message().c_str();
            emit candidateFailed(path, QString::fromStdString(session.message()));
            return;
        }
        m_candidate = std::move(*session);
        m_candidateModel =
            describeLoaded(path, *m_candidate, static_cast<double>(timer.nsecsElapsed()) / 1e6);
        qCInfo(lcInference) << "candidate" << m_candidateModel.name << "loaded in"
                            << qRound(m_candidateModel.loadMs) << "ms";
        emit candidateLoaded(path, m_candidateModel.loadMs);
    } catch (const std::exception& e) {
        m_candidate.reset();
        emit candidateFailed(path, QStringLiteral("internal error: %1").arg(QString::fromUtf8(e.what())));
    }
}

// Fills the openai fields of a request for an endpoint id; returns why it cannot be tried ("" = go on).
QString InferenceWorker::endpointRequest(const QString& id, BackendRequest* request) const {
    const QString url = endpointUrlOf(id);
    if (url.isEmpty())
        return tr("inference.endpoint is not set (the server's API base, e.g. http://127.0.0.1:8080/v1)");
    request->endpoint = url.toStdString();
    request->modelPath = m_endpointModel.toStdString();
    request->requireReachable = true;
    if (!m_apiKeyFile.isEmpty()) {
        auto key = readApiKeyFile(m_apiKeyFile);
        if (!key) return tr("inference.api_key_file: %1").arg(QString::fromStdString(key.message()));
        request->apiKey = std::move(*key);
    }
    return {};
}

void InferenceWorker::commitCandidate(const QString& path) {
    if (!m_candidate || normalizedModelId(path) != m_candidateModel.path) return;
    m_session = std::move(m_candidate);  // the old Session is released here
    m_model = m_candidateModel;
    m_candidateModel = {};
    emit modelLoaded(m_model);
}

void InferenceWorker::adoptBackend(std::unique_ptr<Backend> backend, const QString& path) {
    if (!backend) return;
    m_session = std::move(backend);
    m_model = describeLoaded(path, *m_session, 0);
    emit modelLoaded(m_model);
}

void InferenceWorker::discardCandidate(const QString& path) {
    if (!m_candidate || normalizedModelId(path) != m_candidateModel.path) return;
    m_candidate.reset();
    m_candidateModel = {};
}

void InferenceWorker::unloadModel() {
    m_session.reset();
    m_model = {};
    emit modelUnloaded();
}

void InferenceWorker::setThreads(int threads) {
    m_threads = threads;
    if (m_session) m_session->setThreads(threads);
}

void InferenceWorker::setBackend(const QString& kind, const QString& llamacppLibrary) {
    if (!parseBackendKind(kind.toStdString()))
        qCWarning(lcInference) << "unknown backend" << kind << "- the native engine is used";
    m_backendKind = kind;
    m_llamacppLibrary = llamacppLibrary;
}

void InferenceWorker::setEndpoint(const QString& model, const QString& apiKeyFile) {
    m_endpointModel = model;
    m_apiKeyFile = apiKeyFile;
}

void InferenceWorker::setNpuRuntimes(const QString& genieLibrary, const QString& qairtRoot,
                                     const QString& rkllmLibrary, const QString& rkllmVersion) {
    m_npu = {genieLibrary, qairtRoot, rkllmLibrary, rkllmVersion};
}

void InferenceWorker::resetConversation() {
    if (m_session) m_session->reset();
}

void InferenceWorker::prepare(const GenerationRequest& request, bool wholeQuestion) {
    if (!m_session || (request.cancel && request.cancel->load())) return;
    try {
        std::vector<ChatMessage> conversation = toEngineConversation(request.conversation);
        if (offersTools(*m_session)) {  // the same prompt the answer will have, or the work is wasted
            auto offered = withTools(m_session->model().chatFamily, conversation, m_toolSpecs,
                                     {m_toolChoice, toolPromptDate()});
            if (offered) conversation = std::move(*offered);
        }
        auto computed = m_session->prefillChat(conversation, request.sampling.maxTokens, wholeQuestion);
        if (!computed)
            qCDebug(lcInference) << "prefill skipped:" << computed.message().c_str();
        else if (*computed > 0)
            qCDebug(lcInference) << "prefilled" << *computed << "tokens"
                                 << (wholeQuestion ? "(whole question)" : "");
    } catch (const std::exception& e) {
        qCWarning(lcInference) << "prefill failed:" << e.what();
    }
}

void InferenceWorker::generate(const GenerationRequest& request) {
    try {
        doGenerate(request);
    } catch (const std::exception& e) {
        endFailed(request, QStringLiteral("internal error: %1").arg(QString::fromUtf8(e.what())));
    }
}

void InferenceWorker::endFinished(const GenerationRequest& request, const GenerationResult& result) {
    emit finished(request.requestId, result);
    if (request.voiceTurn >= 0) emit voiceFinished(request.voiceTurn);
}

void InferenceWorker::endFailed(const GenerationRequest& request, const QString& message) {
    emit failed(request.requestId, message);
    if (request.voiceTurn >= 0) emit voiceFailed(request.voiceTurn, message);
}

namespace {
// What happened to the model file, from the engine's message ("the model file 'PATH' changed on disk: it was
// truncated while in use" -> "it was truncated while in use"): the app names the file itself.
QString fileChange(const std::string& engineMessage) {
    QString what = QString::fromStdString(engineMessage);
    const QString marker = QStringLiteral("changed on disk: ");
    if (const qsizetype at = what.indexOf(marker); at >= 0) what = what.mid(at + marker.size());
    return what;
}
}  // namespace

void InferenceWorker::doGenerate(const GenerationRequest& request) {
    if (!m_session) {
        endFailed(request, tr("No model is loaded."));
        return;
    }
    if (endIfCancelled(request)) return;
    streamAnswer(*m_session, request, true);
}

bool InferenceWorker::endIfCancelled(const GenerationRequest& request) {
    if (!request.cancel || !request.cancel->load()) return false;
    GenerationResult r;  // stopped while queued
    r.stopReason = StopReason::Cancelled;
    endFinished(request, r);
    return true;
}

void InferenceWorker::generateRemote(const GenerationRequest& request, const OpenAiEndpoint& endpoint) {
    try {
        if (endIfCancelled(request)) return;
        if (!m_deepThink) m_deepThink = std::make_unique<DeepThinkClient>();
        auto backend = m_deepThink->backendFor(endpoint);
        if (!backend) {
            endFailed(request, tr("Deep think failed: %1").arg(QString::fromStdString(backend.message())));
            return;
        }
        const DeepThinkCancelWatch watch(request.cancel, **backend);
        streamAnswer(**backend, request, false, QString::fromStdString((*backend)->model().name));
    } catch (const std::exception& e) {
        endFailed(request, tr("Deep think failed: internal error: %1").arg(QString::fromUtf8(e.what())));
    }
}

bool InferenceWorker::offersTools(const Backend& backend) const {
    // A context under kToolsMinContext has no room for the tools' descriptions next to a conversation (0:
    // the runtime does not say; it is offered the tools).
    const int context = backend.model().contextLength;
    return m_tools && !m_tools->isEmpty() && m_toolChoice != ToolChoice::None &&
           (context == 0 || context >= kToolsMinContext);
}

std::string InferenceWorker::toolPromptDate() {
    return QLocale::c().toString(QDate::currentDate(), "dd MMM yyyy").toStdString();
}

void InferenceWorker::setTools(const tools::ToolRegistry* registry, ToolChoice choice) {
    m_tools = registry;
    m_toolSpecs = registry ? toolSpecsOf(*registry) : std::vector<ToolSpec>{};  // the registry never changes
    m_toolChoice = choice;
}

GenerationResult InferenceWorker::resultOf(const GenerationStats& stats,
                                           const GenerationResult& before) const {
    GenerationResult r = before;
    const bool first = before.stopReason == StopReason::None;
    r.promptTokens += stats.promptTokens;
    r.reusedTokens += stats.reusedTokens;
    r.generatedTokens += stats.generatedTokens;
    if (first) r.ttftMs = stats.timeToFirstTokenMs;  // the driver waits for the first round's first token
    r.promptTokPerSec = stats.promptTokPerSec;
    r.decodeTokPerSec = stats.decodeTokPerSec;
    r.stopReason = stats.stopReason;
    return r;
}

void InferenceWorker::streamAnswer(Backend& backend, const GenerationRequest& request, bool modelFile,
                                   const QString& answeredBy) {
    std::vector<ChatMessage> conversation = toEngineConversation(request.conversation);
    // Tools only for the loaded model (not a deep-think endpoint).
    const bool useTools = modelFile && offersTools(backend);
    const std::vector<ToolSpec>& specs = m_toolSpecs;
    const ChatFamily family = backend.model().chatFamily;
    const ToolFormat format = toolFormatFor(family);

    QElapsedTimer total, sinceEmit;
    total.start();
    std::string pending;
    bool emittedFirst = false;
    int generated = 0;
    const auto flush = [&] {
        if (pending.empty()) return;
        const QString text = QString::fromUtf8(pending.data(), static_cast<qsizetype>(pending.size()));
        emit tokens(request.requestId, text, generated);
        if (request.voiceTurn >= 0 && !(request.cancel && request.cancel->load()))
            emit voiceText(request.voiceTurn, text);
        pending.clear();
        sinceEmit.start();
        emittedFirst = true;
    };
    const CancelFlag cancel = request.cancel;
    GenerationResult r;
    QJsonArray activity;
    for (int round = 0;; ++round) {
        ToolCallStreamFilter filter(format);
        const TokenCallback onToken = [&](std::string_view text, int32_t) {
            if (cancel && cancel->load(std::memory_order_relaxed)) return false;
            pending.append(useTools ? filter.feed(text) : std::string(text));
            ++generated;
            if (!emittedFirst || sinceEmit.elapsed() >= kCoalesceMs) flush();
            return !(cancel && cancel->load(std::memory_order_relaxed));
        };
        GenerateOptions options = toEngineOptions(request.sampling);
        std::vector<ChatMessage> prompt = conversation;
        if (useTools) {
            // After a round of calls the model answers in words or calls again: required holds for the first.
            const ToolChoice choice = round == 0 ? m_toolChoice : ToolChoice::Auto;
            auto offered = withTools(family, conversation, specs, {choice, toolPromptDate()});
            auto constraint = toolConstraint(format, specs, choice);
            if (!offered || !constraint) {
                endFailed(request, tr("The tools could not be offered: %1")
                                       .arg(QString::fromStdString(!offered ? offered.message()
                                                                            : constraint.message())));
                return;
            }
            prompt = std::move(*offered);
            options.sampling.jsonSchema = constraint->jsonSchema;
            options.sampling.constraintTrigger = constraint->trigger;
        }
        auto stats = backend.chat(prompt, options, onToken);
        const Status file = modelFile ? backend.modelFileStatus() : Status::ok();
        const QString change = file ? QString() : fileChange(file.message());
        if (!file) emit modelFileChanged(m_model.path, change);
        if (!stats) {
            flush();
            const QString why =
                file ? QString::fromStdString(stats.message())
                     : tr("The model file %1 changed on disk (%2), so the answer was stopped. It is "
                          "checked and loaded again once the copy has finished.")
                           .arg(QFileInfo(m_model.path).fileName(), change);
            // A remote (deep-think) answer says where it failed; the local model is unaffected.
            endFailed(request, modelFile ? why : tr("Deep think failed: %1").arg(why));
            return;
        }
        r = resultOf(*stats, r);
        if (!useTools) break;
        const ParsedAnswer parsed = parseToolCalls(format, filter.text(), specs);
        const bool stopped = cancel && cancel->load();
        pending += filter.finish(parsed.attemptedCall());
        if (!parsed.attemptedCall() || stopped) break;
        if (round == kMaxToolRounds) {
            pending += tr("(I stopped after %1 rounds of tool calls.)").arg(kMaxToolRounds).toStdString();
            break;
        }
        ToolRoundResult ran = runToolRound(*m_tools, parsed);
        for (const QJsonValue& v : std::as_const(ran.activity)) activity.append(v);
        emit toolCalls(request.requestId,
                       QString::fromUtf8(QJsonDocument(activity).toJson(QJsonDocument::Compact)));
        conversation.push_back(
            {"assistant", parsed.calls.empty() ? filter.text() : formatToolCalls(format, parsed.calls)});
        conversation.insert(conversation.end(), ran.toolTurns.begin(), ran.toolTurns.end());
        if (!parsed.content.empty() && !parsed.calls.empty())
            pending += " ";  // words before the next round's
    }
    flush();
    r.totalMs = static_cast<double>(total.nsecsElapsed()) / 1e6;
    r.answeredBy = answeredBy;
    if (cancel && cancel->load()) r.stopReason = StopReason::Cancelled;
    qCDebug(lcInference) << "answer" << request.requestId << r.generatedTokens << "tokens,"
                         << r.decodeTokPerSec << "tok/s, ttft" << r.ttftMs << "ms, stop" << r.stopReason;
    endFinished(request, r);
}

void InferenceWorker::runBenchmark(const BenchmarkRequest& request) {
    if (!m_session) {
        emit benchmarkFailed(tr("No model is loaded."));
        return;
    }
    try {
        emit benchmarkProgress(tr("Measuring %1…").arg(m_model.name));
        QString error;
        BenchmarkResult r = runBackendBenchmark(*m_session, request, &error);
        m_session->reset();
        if (!error.isEmpty()) {
            emit benchmarkFailed(error);
            return;
        }
        r.modelName = m_model.name;
        r.modelPath = m_model.path;
        r.backendKind = m_model.backendKind;
        r.threads = m_threads;
        r.loadMs = m_model.loadMs;
        emit benchmarkFinished(r);
    } catch (const std::exception& e) {
        emit benchmarkFailed(QStringLiteral("internal error: %1").arg(QString::fromUtf8(e.what())));
    }
}

}  // namespace peregrine
