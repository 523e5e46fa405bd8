// Deep think routing: whether a question goes to the configured remote endpoint instead of the local model.
// Only when the driver explicitly asks: a spoken or typed prefix ("deep think: why ...", "think harder about
// ...", optionally after "peregrine" / "hey peregrine") or the deep-think button; never on its own. What is
// sent is text only (the system prompt and the question, history only when asked for): audio never leaves.
//
// Thread: plain value types and pure functions; route() reads the API key file (a small file read).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backends/openai_backend.h"
#include "config/app_config.h"

namespace peregrine {

// The question after a deep-think prefix, trimmed ("" when the driver said only "deep think"), or nullopt
// when the text does not start with one. Case and punctuation are ignored ("Deep think, why..." and the
// lower-case, unpunctuated transcripts of speech both match). Prefixes: "deep think", "deep thinking",
// "think harder", "think hard", "think deeply", each optionally followed by "about" / "on".
std::optional<std::string> parseDeepThinkRequest(std::string_view text);

struct DeepThinkDecision {
    enum class Route {
        Local,        // not asked for: the local model answers `question` (the text unchanged)
        Remote,       // asked and configured: send `request` to `endpoint`
        Unavailable,  // asked, but it cannot go: `reason` says why (show/say it; the caller may answer
                      // locally)
    };
    Route route = Route::Local;
    std::string question;              // the question without its prefix
    std::vector<ChatMessage> request;  // Remote: the text-only conversation to send
    OpenAiEndpoint endpoint;           // Remote: URL, model, key (from the key file), stall timeout
    std::string reason;                // Unavailable: "deep think is off (deep_think.enabled: false)", ...
};

class DeepThinkRouter {
public:
    explicit DeepThinkRouter(DeepThinkConfig config) : m_config(std::move(config)) {}

    // text: the driver's question as heard or typed. buttonPressed: the deep-think button was used (no prefix
    // needed). history: earlier turns, sent only when includeHistory (text only; system messages dropped).
    DeepThinkDecision route(std::string_view text, bool buttonPressed, const std::string& systemPrompt,
                            std::span<const ChatMessage> history = {}, bool includeHistory = false) const;

    bool enabled() const { return m_config.enabled; }

private:
    DeepThinkConfig m_config;
};

}  // namespace peregrine
