// OpenAiBackend: a model served over the OpenAI-compatible chat API (llama-server, Ollama, Qualcomm's
// GenieAPIService, a remote "deep think" endpoint). chat() POSTs {endpoint}/chat/completions with
// stream: true and passes each streamed choices[0].delta.content piece to the token callback; a false return
// closes the stream. Stats come from llama-server's `timings` and OpenAI's `usage`; TTFT is measured here.
// Every failure ends the answer with a named reason (StopReason::Error is never returned as a value: the
// Result is the error): "cannot reach the server at URL: connection refused", "the server at URL answered
// HTTP 500: <its message>", "malformed stream from URL: ...", "stalled: ...".
//
// Thread: as Backend (one thread at a time; chat() blocks it without running its event loop, see
// HttpStreamClient). Needs a QCoreApplication.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "backends/backend.h"
#include "core/status.h"

namespace peregrine {

class HttpStreamClient;

struct OpenAiEndpoint {
    std::string url;             // base URL up to and including the version: "http://127.0.0.1:8080/v1"
    std::string model;           // "model" of each request; "" lets the server pick (llama-server serves one)
    std::string apiKey;          // sent as "Authorization: Bearer <key>" when non-empty; never logged
    int stallTimeoutMs = 15000;  // no byte for this long: stalled (<= 0: default)
    int probeTimeoutMs = 3000;   // GET {url}/models at open time (for the model name); never required
};

// Validates the URL (http/https, a host) and asks GET {url}/models for the model's name (a server that does
// not answer it, or not at all, still opens: the first chat() names the failure). Fails only on a URL that
// cannot work or without a QCoreApplication.
Result<std::unique_ptr<Backend>> openOpenAiBackend(const OpenAiEndpoint& endpoint);

class OpenAiBackend final : public Backend {
public:
    OpenAiBackend(OpenAiEndpoint endpoint, std::unique_ptr<HttpStreamClient> client);
    ~OpenAiBackend() override;

    std::string_view kind() const override { return "openai"; }
    std::string runtimeDescription() const override;
    // local only when the host is loopback (text stays on this board); no logits, thread lever or prefix
    // reuse that Peregrine controls (llama-server reuses its slot's cache by itself: see stats.reusedTokens).
    BackendCapabilities capabilities() const override;
    const BackendModel& model() const override { return m_model; }

    // The token argument of the callback is the piece's index in the answer (servers send text, not ids).
    Result<GenerationStats> chat(std::span<const ChatMessage> conversation, const GenerateOptions& options,
                                 const TokenCallback& onToken) override;

    // Thread-safe (any thread): ends a running chat() within ~50 ms with StopReason::Cancelled, also while
    // the server has sent nothing yet (a remote model computing a long prompt), when the token callback
    // cannot run. Cleared when the next chat() starts.
    void requestCancel() { m_cancel.store(true); }

    // GET {url}/models; fills model().name on success. Called by openOpenAiBackend().
    Status probeModels();

private:
    std::string chatUrl() const;

    OpenAiEndpoint m_endpoint;
    std::unique_ptr<HttpStreamClient> m_client;
    BackendModel m_model;
    std::atomic<bool> m_cancel{false};
    bool m_includeUsage = true;  // cleared for good when the server refuses stream_options (HTTP 400)
};

// True for localhost, 127.0.0.0/8, ::1 (text sent there does not leave the board).
bool isLoopbackHost(const std::string& url);

}  // namespace peregrine
