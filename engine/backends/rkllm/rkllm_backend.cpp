#include "backends/rkllm/rkllm_backend.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "backends/output_capture.h"
#include "backends/rkllm/rkllm_library.h"

namespace peregrine {

using namespace rkllm;

namespace {

using Clock = std::chrono::steady_clock;

Status tooOld(const RkllmVersion& v, const std::string& source) {
    return Status::error("RKLLM needs runtime 1.3.0 or newer; this board has " + v.text() + " (" + source +
                         "): rkllm_init and the result callback changed in 1.3.0: update librkllmrt.so and "
                         "reconvert the model with rkllm-toolkit 1.3.0");
}

// State of one rkllm_run, shared with the result callback (synchronous: the calling thread).
struct Run {
    const TokenCallback* onToken = nullptr;
    const Api* api = nullptr;
    Handle handle = nullptr;
    Clock::time_point start;
    double firstMs = 0;
    int pieces = 0;
    bool forwarding = true;
    bool error = false;
    bool finished = false;
    PerfStat perf{};
    std::string answer;
    std::thread aborter;

    void stop() {
        forwarding = false;
        if (!aborter.joinable()) aborter = std::thread([api = api, handle = handle] { api->abort(handle); });
    }
};

int onResult(RunResult* result, void* userdata, CallState state) {
    auto* r = static_cast<Run*>(userdata);
    if (state == RunError) {
        r->error = true;
    } else if (state == RunFinish) {
        r->finished = true;
        if (result) r->perf = result->perf;
    } else if (state == RunNormal && result && result->text && *result->text && r->forwarding) {
        if (r->pieces == 0)
            r->firstMs = std::chrono::duration<double, std::milli>(Clock::now() - r->start).count();
        r->answer += result->text;
        if (!(*r->onToken)(result->text, r->pieces++)) r->stop();
    }
    return 0;  // RKLLM_RUN_WAITING (an incomplete UTF-8 character) carries nothing to forward yet
}

}  // namespace

Result<std::unique_ptr<Backend>> openRkllmBackend(const std::string& modelPath, const RkllmOptions& options) {
    if (!options.runtimeVersion.empty()) {
        const RkllmVersion v = parseRkllmVersion(options.runtimeVersion);
        if (v.valid() && !v.atLeast(1, 3, 0)) return tooOld(v, "runtimes.rkllm.version");
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(modelPath, ec))
        return Status::error("no RKLLM model at '" + modelPath + "'");
    auto library = openLibrary(options.library);
    if (!library) return library.status();
    const Api& api = (*library)->api;
    std::unique_ptr<RkllmBackend> b(new RkllmBackend());
    b->m_api = &api;

    Param param = api.createDefaultParam();
    param.modelPath = modelPath.c_str();
    param.maxContextLen = options.session.contextLength;
    param.maxNewTokens = 256;
    param.skipSpecialToken = true;
    param.isAsync = false;
    if (options.session.threads > 0) {
        param.extendParam.enabledCpusNum = static_cast<int8_t>(std::min(options.session.threads, 8));
        param.extendParam.enabledCpusMask = 0;
        for (int i = 0; i < param.extendParam.enabledCpusNum; ++i)  // RK3588: the big cores are CPU4..7
            param.extendParam.enabledCpusMask |= 1u << (7 - i);
    }
    Callback callback{};
    callback.resultCallback = &onResult;
    int rc;
    std::vector<std::string> log;
    {
        // The runtime prints its version and load errors (stdout and stderr): kept for the checks below.
        OutputCapture out(STDOUT_FILENO);
        OutputCapture err(STDERR_FILENO);
        rc = api.init(&b->m_handle, &param, &callback);
        const bool echo = std::getenv("PEREGRINE_RKLLM_LOG") != nullptr;
        log = out.finish(echo);
        const auto& errLines = err.finish(echo);
        log.insert(log.end(), errLines.begin(), errLines.end());
    }
    const RkllmVersion version = rkllmVersionInLog(log);
    if (rc != 0 || !b->m_handle) {
        b->m_handle = nullptr;
        std::string why;
        for (const std::string& line : log)
            if (line.rfind("E ", 0) == 0 || line.find("rror") != std::string::npos ||
                line.find("failed") != std::string::npos)
                why = line;
        if (why.empty() && !log.empty()) why = log.back();
        return Status::error("RKLLM could not load '" + modelPath + "' (rkllm_init returned " +
                             std::to_string(rc) + ")" + (why.empty() ? "" : " - runtime log: " + why));
    }
    if (version.valid() && !version.atLeast(1, 3, 0)) return tooOld(version, "from its log");  // destroys
    b->m_description = "RKLLM " + (version.valid() ? version.text() : std::string("(version not logged)")) +
                       " (" + (*library)->path + ")";
    BackendModel& m = b->m_model;
    m.path = modelPath;
    m.name = std::filesystem::path(modelPath).stem().string();
    m.contextLength = options.session.contextLength;
    return std::unique_ptr<Backend>(std::move(b));
}

RkllmBackend::~RkllmBackend() {
    if (m_handle) m_api->destroy(m_handle);
}

BackendCapabilities RkllmBackend::capabilities() const {
    BackendCapabilities c;
    c.threadLever = false;  // the NPU does the work; CPU cores are fixed at init
    c.local = true;
    return c;
}

void RkllmBackend::reset() {
    if (!m_fresh) m_api->clearKvCache(m_handle, 1, nullptr, nullptr);  // keep the model's system prompt
    m_held.clear();
    m_fresh = true;
}

Result<GenerationStats> RkllmBackend::chat(std::span<const ChatMessage> conversation,
                                           const GenerateOptions& options, const TokenCallback& onToken) {
    if (conversation.empty() || conversation.back().role != "user")
        return Status::error("the rkllm backend needs a conversation that ends with the user's message");
    const bool extends = !m_fresh && m_held.size() + 1 == conversation.size() &&
                         std::equal(m_held.begin(), m_held.end(), conversation.begin(),
                                    [](const ChatMessage& a, const ChatMessage& b) {
                                        return a.role == b.role && a.content == b.content;
                                    });
    std::string prompt = conversation.back().content;
    if (!extends) {
        reset();
        if (conversation.front().role == "system" && conversation.size() > 1)
            prompt = conversation.front().content + "\n\n" + prompt;
    }
    Input input{};
    input.role = "user";
    input.inputType = InputPrompt;
    input.promptInput = prompt.c_str();
    SamplingParam sampling{};
    sampling.topK = options.sampling.topK;
    sampling.topP = options.sampling.topP;
    sampling.temperature = options.sampling.temperature;
    sampling.repeatPenalty = options.sampling.repeatPenalty;
    InferParam infer{};
    infer.mode = InferGenerate;
    infer.samplingParams = &sampling;
    infer.keepHistory = 1;
    infer.maxNewTokens = options.maxTokens;
    Run r;
    r.onToken = &onToken;
    r.api = m_api;
    r.handle = m_handle;
    r.start = Clock::now();
    m_fresh = false;
    m_held.clear();
    const int rc = m_api->run(m_handle, &input, &infer, &r);
    if (r.aborter.joinable()) r.aborter.join();

    GenerationStats s;
    s.generatedTokens = r.pieces;
    s.timeToFirstTokenMs = r.firstMs;
    s.promptTokens = r.perf.prefillTokens;
    s.promptMs = r.perf.prefillTimeMs;
    if (r.perf.prefillTimeMs > 0) s.promptTokPerSec = r.perf.prefillTokens * 1000.0 / r.perf.prefillTimeMs;
    if (r.perf.generateTimeMs > 0) s.decodeTokPerSec = r.perf.generateTokens * 1000.0 / r.perf.generateTimeMs;
    if (rc != 0 || r.error) {
        reset();
        return Status::error("RKLLM's run failed (rkllm_run returned " + std::to_string(rc) +
                             (r.error ? ", the result callback reported RKLLM_RUN_ERROR)" : ")"));
    }
    if (!r.forwarding) {
        s.stopReason = StopReason::Cancelled;
    } else if (options.maxTokens > 0 && r.perf.generateTokens >= options.maxTokens) {
        s.stopReason = StopReason::Length;
    } else {
        s.stopReason = StopReason::EndOfText;
    }
    if (s.stopReason == StopReason::EndOfText) {
        m_held.assign(conversation.begin(), conversation.end());
        m_held.push_back({"assistant", r.answer});
    } else {
        reset();
    }
    return s;
}

}  // namespace peregrine
