#include "models/voice_budget.h"

namespace peregrine {

double responseTimeMs(double ttftMs, double decodeTokPerSec, int tokens) {
    if (!(decodeTokPerSec > 0) || ttftMs < 0) return -1;
    return ttftMs + tokens * 1000.0 / decodeTokPerSec;
}

VoiceVerdict voiceVerdictForMs(double ms) {
    if (ms < 0) return VoiceVerdict::Unknown;
    if (ms < kNaturalMs) return VoiceVerdict::Natural;
    if (ms < kAcceptableMs) return VoiceVerdict::Acceptable;
    if (ms <= kSlowMs) return VoiceVerdict::Slow;
    return VoiceVerdict::Unusable;
}

VoiceVerdict voiceVerdict(double ttftMs, double decodeTokPerSec) {
    return voiceVerdictForMs(responseTimeMs(ttftMs, decodeTokPerSec, kVoiceAnswerTokens));
}

QString voiceVerdictName(VoiceVerdict v) {
    switch (v) {
        case VoiceVerdict::Natural:
            return QStringLiteral("natural");
        case VoiceVerdict::Acceptable:
            return QStringLiteral("acceptable");
        case VoiceVerdict::Slow:
            return QStringLiteral("slow");
        case VoiceVerdict::Unusable:
            return QStringLiteral("unusable");
        case VoiceVerdict::Unknown:
            break;
    }
    return QStringLiteral("unknown");
}

QString voiceVerdictText(double ttftMs, double decodeTokPerSec) {
    const double ms = responseTimeMs(ttftMs, decodeTokPerSec, kVoiceAnswerTokens);
    if (ms < 0) return voiceVerdictName(VoiceVerdict::Unknown);
    return QStringLiteral("%1 (%2 s for a %3-token answer)")
        .arg(voiceVerdictName(voiceVerdictForMs(ms)))
        .arg(ms / 1000.0, 0, 'f', 1)
        .arg(kVoiceAnswerTokens);
}

}  // namespace peregrine
