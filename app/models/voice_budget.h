// The voice budget: how long a spoken answer may take before the conversation stops feeling like one.
// For an answer of n tokens: response time = time to first token + n / decode tok/s. A 50-token answer
// (a typical spoken reply) decides the verdict:
//   natural < 2 s, acceptable < 3 s, slow 3-4 s, unusable > 4 s.
// Shared by `peregrine-cli models compare` and the settings page so both show the same verdict.
// Pure functions; any thread.
#pragma once

#include <QString>

namespace peregrine {

enum class VoiceVerdict { Natural, Acceptable, Slow, Unusable, Unknown };

constexpr int kVoiceAnswerTokens = 50;
constexpr double kNaturalMs = 2000, kAcceptableMs = 3000, kSlowMs = 4000;

// ttftMs + n * 1000 / decodeTokPerSec; a negative value when decodeTokPerSec <= 0.
double responseTimeMs(double ttftMs, double decodeTokPerSec, int tokens);

VoiceVerdict voiceVerdictForMs(double responseMs);
// Verdict for a kVoiceAnswerTokens answer.
VoiceVerdict voiceVerdict(double ttftMs, double decodeTokPerSec);

QString voiceVerdictName(VoiceVerdict v);  // "natural", "acceptable", "slow", "unusable", "unknown"
// "natural (1.4 s for a 50-token answer)"
QString voiceVerdictText(double ttftMs, double decodeTokPerSec);

}  // namespace peregrine
