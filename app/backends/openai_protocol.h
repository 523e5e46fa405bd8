// The JSON of the OpenAI-compatible chat API as pure functions (no I/O): the request body of
// POST /chat/completions, one streamed chunk ("data:" of an SSE event), the error body of a failed request,
// the /models listing, and how a chunk's finish reason, llama-server `timings` and OpenAI `usage` become
// GenerationStats. Served by llama-server, Ollama and Qualcomm's GenieAPIService.
#pragma once

#include <QByteArray>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/stop_reason.h"
#include "runtime/session.h"

namespace peregrine {

// Request body. Sampling: max_tokens, temperature, top_p always; top_k and min_p (llama-server and Ollama
// extensions, ignored by others) when enabled; seed when set; "model" only when non-empty;
// stream_options.include_usage when includeUsage (a strict server may refuse the field: see OpenAiBackend).
QByteArray buildChatRequest(std::span<const ChatMessage> conversation, const GenerateOptions& options,
                            const std::string& model, bool includeUsage = true);

// llama-server's per-request `timings` object (the fields Peregrine uses).
struct ServerTimings {
    int promptN = 0;  // prompt tokens computed for this request
    int cacheN = 0;   // prompt tokens reused from the slot's cache
    double promptMs = 0;
    double promptPerSecond = 0;
    int predictedN = 0;
    double predictedMs = 0;
    double predictedPerSecond = 0;
};

// OpenAI `usage` (the last chunk when stream_options.include_usage is set; llama-server sends it too).
struct ServerUsage {
    int promptTokens = 0;
    int completionTokens = 0;
    int cachedTokens = 0;  // prompt_tokens_details.cached_tokens (OpenAI and llama-server)
};

struct ChatChunk {
    std::string content;       // choices[0].delta.content ("" when the chunk carries none)
    std::string finishReason;  // choices[0].finish_reason, "" while streaming
    std::optional<ServerTimings> timings;
    std::optional<ServerUsage> usage;
    std::string error;  // an {"error": ...} object sent in the stream instead of a chunk
};

// Parses one event's data. An error names what is wrong ("not JSON: ...", "no choices"); the "[DONE]" marker
// is the caller's (it is not JSON).
Result<ChatChunk> parseChatChunk(std::string_view data);

// The server's own words from an error response body: {"error":{"message":...}} (OpenAI, llama-server),
// {"error":"..."} (Ollama), {"message":...}, else the body text itself (trimmed, at most 300 bytes).
std::string serverErrorMessage(const QByteArray& body);

// The first model of a GET /models answer ({"data":[{"id":...}]}, or Ollama's {"models":[{"name":...}]}).
// llama-server adds "owned_by":"llamacpp" and a "meta" object (n_params, n_vocab, n_ctx_train).
struct ServerModel {
    std::string id;
    std::string ownedBy;
    uint64_t nParams = 0;
    int nVocab = 0;
    int nCtxTrain = 0;
};
std::optional<ServerModel> parseModelList(const QByteArray& body);

// A server's finish_reason as a StopReason: "stop" -> EndOfText, "length" -> Length, "content_filter" ->
// ContentFilter; anything else (e.g. "tool_calls") -> Unknown, logged with the server's word
// (peregrine.inference).
StopReason mapFinishReason(std::string_view finishReason);

// Fills the server-measured fields of stats from timings and usage (either may be absent). Fields the server
// did not report are left as they are (the client-side measurements).
void applyServerStats(GenerationStats& stats, const std::optional<ServerTimings>& timings,
                      const std::optional<ServerUsage>& usage);

}  // namespace peregrine
