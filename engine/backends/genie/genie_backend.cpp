#include "backends/genie/genie_backend.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

namespace peregrine {

using namespace genie;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::string describe(GenieStatus status) {
    return std::string(statusName(status)) + " (" + std::to_string(status) + "): " + statusMeaning(status);
}

// The DSP loads its skel libraries from ADSP_LIBRARY_PATH (';'-separated): QAIRT ships them in
// lib/hexagon-vNN/unsigned. A value the user set is kept.
void setAdspLibraryPath(const std::string& qairtRoot) {
    std::string root = qairtRoot;
    if (root.empty())
        if (const char* home = std::getenv("QAIRT_HOME")) root = home;
    if (root.empty() || std::getenv("ADSP_LIBRARY_PATH")) return;
    namespace fs = std::filesystem;
    std::error_code ec;
    std::string value;
    for (const auto& entry : fs::directory_iterator(fs::path(root) / "lib", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("hexagon-v", 0) != 0 || !fs::is_directory(entry.path() / "unsigned", ec)) continue;
        value += (value.empty() ? "" : ";") + (entry.path() / "unsigned").string();
    }
    if (!value.empty()) setenv("ADSP_LIBRARY_PATH", value.c_str(), 0);
}

// State of one query, shared with Genie's callback (which runs on the querying thread).
struct Query {
    const TokenCallback* onToken = nullptr;
    const Api* api = nullptr;
    DialogHandle dialog = nullptr;
    int maxTokens = 0;
    Clock::time_point start;
    double firstMs = 0;
    int pieces = 0;
    bool forwarding = true;
    bool stopByLength = false;
    bool abortSeen = false;
    bool ended = false;
    std::string answer;
    std::thread signaller;  // the GenieDialog_signal(ABORT) call, off the callback's thread

    void stop() {
        forwarding = false;
        if (api->dialogSignal && !signaller.joinable())
            signaller = std::thread([api = api, dialog = dialog] { api->dialogSignal(dialog, ActionAbort); });
    }
};

void onResponse(const char* response, SentenceCode code, const void* userData) {
    auto* q = static_cast<Query*>(const_cast<void*>(userData));
    if (code == SentenceAbort) {
        q->abortSeen = true;
        return;
    }
    if (code == SentenceEnd || code == SentenceComplete) q->ended = true;
    if (!q->forwarding || !response || !*response) return;
    if (q->pieces == 0) q->firstMs = msSince(q->start);
    q->answer += response;
    if (!(*q->onToken)(response, q->pieces++)) return q->stop();
    if (q->maxTokens > 0 && q->pieces >= q->maxTokens) {
        q->stopByLength = true;
        q->stop();
    }
}

}  // namespace

Result<std::unique_ptr<Backend>> openGenieBackend(const std::string& bundlePath,
                                                  const GenieOptions& options) {
    auto bundle = readGenieBundle(bundlePath);
    if (!bundle) return bundle.status();
    setAdspLibraryPath(options.qairtRoot);
    auto library = GenieLibrary::open(options.library);
    if (!library) return library.status();
    std::unique_ptr<GenieBackend> b(new GenieBackend());
    b->m_library = *library;
    b->m_api = &(*library)->api();
    b->m_bundle = std::move(*bundle);
    const Api& api = *b->m_api;
    const std::string where = " of " + b->m_bundle.dir;

    DialogConfigHandle config = nullptr;
    std::string configLog;
    GenieStatus status;
    {
        LogCapture capture;
        status = api.configCreateFromJson(b->m_bundle.configJson.c_str(), &config);
        configLog = capture.lastLine();
    }
    if (status < 0 || !config)
        return Status::error("Genie refused genie_config.json" + where + ": " + describe(status) +
                             (configLog.empty() ? "" : " - runtime log: " + configLog));
    if (api.logCreate) {
        if (api.logCreate(nullptr, &LogCapture::onLog, LogWarn, &b->m_log) < 0) b->m_log = nullptr;
        if (b->m_log) api.configBindLogger(config, b->m_log);
    }
    std::string createLog;
    {
        LogCapture capture(b->m_log == nullptr);
        status = api.dialogCreate(config, &b->m_dialog);
        createLog = capture.lastLine();
    }
    api.configFree(config);
    if (status < 0 || !b->m_dialog) {
        b->m_dialog = nullptr;
        return Status::error(
            "Genie could not create the dialog" + where + ": " + describe(status) +
            (createLog.empty() ? " - the runtime logged nothing" : " - runtime log: " + createLog));
    }
    BackendModel& m = b->m_model;
    m.path = b->m_bundle.dir;
    m.name = b->m_bundle.name;
    m.architecture = chatFamilyName(b->m_bundle.family);
    m.chatFamily = b->m_bundle.family;
    m.contextLength = b->m_bundle.contextSize;
    m.nVocab = b->m_bundle.nVocab;
    return std::unique_ptr<Backend>(std::move(b));
}

GenieBackend::~GenieBackend() {
    if (m_dialog) m_api->dialogFree(m_dialog);
    if (m_log) m_api->logFree(m_log);
}

BackendCapabilities GenieBackend::capabilities() const {
    BackendCapabilities c;
    c.prefixReuse = false;  // Genie keeps the dialog, but there is no prefill call to compute ahead
    c.threadLever = false;  // the NPU has no thread count (the governor pauses or switches models instead)
    c.local = true;
    return c;
}

void GenieBackend::reset() {
    if (!m_fresh) m_api->dialogReset(m_dialog);
    m_sent.clear();
    m_fresh = true;
}

Result<GenerationStats> GenieBackend::chat(std::span<const ChatMessage> conversation,
                                           const GenerateOptions& options, const TokenCallback& onToken) {
    const std::string whole = applyChatTemplate(m_bundle.family, conversation, true);
    std::string text;
    if (!m_fresh && !m_sent.empty() && whole.compare(0, m_sent.size(), m_sent) == 0) {
        text = whole.substr(m_sent.size());
    } else {
        reset();
        text = m_bundle.bos + whole;
    }
    Query q;
    q.onToken = &onToken;
    q.api = m_api;
    q.dialog = m_dialog;
    q.maxTokens = options.maxTokens;
    q.start = Clock::now();
    m_fresh = false;
    m_sent.clear();  // unknown until the answer ends well
    std::string log;
    GenieStatus status;
    {
        LogCapture capture(m_log == nullptr);
        status = m_api->dialogQuery(m_dialog, text.c_str(), SentenceComplete, &onResponse, &q);
        log = capture.lastLine();
    }
    if (q.signaller.joinable()) q.signaller.join();
    const double totalMs = msSince(q.start);

    GenerationStats s;
    s.generatedTokens = q.pieces;
    s.timeToFirstTokenMs = q.firstMs;
    s.promptMs = q.firstMs;
    if (q.pieces > 1 && totalMs > q.firstMs)
        s.decodeTokPerSec = (q.pieces - 1) * 1000.0 / (totalMs - q.firstMs);
    if (status < 0) {
        reset();
        return Status::error("Genie's query failed: " + describe(status) +
                             (log.empty() ? "" : " - runtime log: " + log));
    }
    if (status == WarningContextExceeded) {
        s.stopReason = StopReason::Context;
    } else if (q.stopByLength) {
        s.stopReason = StopReason::Length;
    } else if (!q.forwarding || status == WarningAborted || q.abortSeen) {
        s.stopReason = StopReason::Cancelled;
    } else {
        s.stopReason = StopReason::EndOfText;
    }
    if (s.stopReason == StopReason::EndOfText) {
        std::vector<ChatMessage> held(conversation.begin(), conversation.end());
        held.push_back({"assistant", q.answer});
        m_sent = applyChatTemplate(m_bundle.family, held, false);
    } else {
        reset();  // the dialog holds a cut-off answer: start over at the next question
    }
    return s;
}

}  // namespace peregrine
