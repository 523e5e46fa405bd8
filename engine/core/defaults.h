// The one definition of Peregrine's sampling defaults and of what "threads: 0 (auto)" means. The engine's
// SamplingOptions / GenerateOptions, the app's InferenceConfig (and so the config schema's defaults and
// `peregrine-cli config`), the app's SamplingSettings, the CLI's run/chat/voice commands and the benches all
// take their defaults from here; tests/app/config/tst_defaults.cpp checks that they agree.
// Plain C++ (no Qt), header-only; every value is constexpr except the thread counts (one system call).
#pragma once

#include <algorithm>
#include <thread>

namespace peregrine::defaults {

// Sampling. A setting's "off" value is noted beside it (the samplers skip themselves at that value).
inline constexpr int kMaxTokens = 256;         // longest answer in tokens
inline constexpr double kTemperature = 0.7;    // <= 0: greedy
inline constexpr double kTopP = 0.95;          // >= 1: off
inline constexpr int kTopK = 40;               // <= 0: off
inline constexpr double kMinP = 0.05;          // <= 0: off
inline constexpr double kRepeatPenalty = 1.0;  // 1: off
inline constexpr int kRepeatLastN = 64;        // tokens the repetition penalty looks back over
inline constexpr int kContextLength = 4096;    // KV cache size in tokens (clamped to the trained context)
inline constexpr int kVoiceMaxTokens = 96;     // a spoken answer (peregrine-cli voice, voice benches)

// "Auto" compute threads (a thread count of 0 anywhere: config inference.threads, -t 0, SessionOptions):
// one per hardware thread the OS reports, at least 1. On big.LITTLE boards this includes the little cores;
// a user who measures better with fewer sets inference.threads (the governor lowers it when hot).
inline int autoThreads() {
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// A configured count resolved: > 0 is taken as is, <= 0 means autoThreads().
inline int resolveThreads(int configured) {
    return configured > 0 ? configured : autoThreads();
}

// The voice tools' default (peregrine-cli voice, bench/voice_latency): auto minus one, leaving a core to the
// voice thread (front end, recognizer) and the synthesiser; at least 1.
inline int voiceThreads() {
    return std::max(1, autoThreads() - 1);
}

}  // namespace peregrine::defaults
