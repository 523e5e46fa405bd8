// StopReason: why an answer ended. Every backend sets it (GenerationStats::stopReason); the app carries the
// enum through its signals and records, and only the places that show, print or store it turn it into text,
// through stopReasonText()/stopReasonFromText() below (the one conversion; no other code spells the words).
//
// The words are a storage format (SQLite messages.stop_reason) and the CLI's output: they are exactly the
// strings earlier versions wrote, so old rows read back. Never change a word; a new reason gets a new word.
// Text this version does not know (a row written by a newer version) reads as Unknown; the storage layer
// keeps such a row's text as it is. Cost: a comparison per known word; no allocation.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace peregrine {

enum class StopReason : uint8_t {
    None,       // "": no answer yet (a row still being generated)
    EndOfText,  // "eog": the model ended its answer (end-of-generation token, a server's "stop", a complete
                //        constrained value)
    Length,     // "length": the token budget (maxTokens) ran out
    Cancelled,  // "cancelled": the caller stopped it (barge-in, stop button, a token callback's false)
    Context,    // "context": the context window is full
    Error,      // "error": the request failed (the app's record; backends return a Status instead)
    Tool,       // "tool": a cab tool answered without the model
    ContentFilter,  // "content_filter": a server's content filter ended the answer
    Unknown,        // "unknown": stored text or a server's reason this version does not know
};

// Every value, in declaration order (for tests and exhaustive tables).
inline constexpr std::array<StopReason, 9> kAllStopReasons = {
    StopReason::None,      StopReason::EndOfText,     StopReason::Length,
    StopReason::Cancelled, StopReason::Context,       StopReason::Error,
    StopReason::Tool,      StopReason::ContentFilter, StopReason::Unknown,
};

// The stable word of a reason (see above). Never empty except for None.
constexpr std::string_view stopReasonText(StopReason reason) {
    switch (reason) {
        case StopReason::None:
            return "";
        case StopReason::EndOfText:
            return "eog";
        case StopReason::Length:
            return "length";
        case StopReason::Cancelled:
            return "cancelled";
        case StopReason::Context:
            return "context";
        case StopReason::Error:
            return "error";
        case StopReason::Tool:
            return "tool";
        case StopReason::ContentFilter:
            return "content_filter";
        case StopReason::Unknown:
            break;
    }
    return "unknown";
}

// The reason a word names: exact, case-sensitive match of stopReasonText(); "" is None; any other text is
// Unknown (the caller decides whether to keep or log the text).
constexpr StopReason stopReasonFromText(std::string_view text) {
    for (StopReason r : kAllStopReasons) {
        if (stopReasonText(r) == text) {
            return r;
        }
    }
    return StopReason::Unknown;
}

}  // namespace peregrine
