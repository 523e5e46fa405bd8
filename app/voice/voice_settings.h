// Maps the "voice" section of peregrine.yaml (AppConfig::voice, plain values) onto the voice loop's
// VoiceConfig. Header only; no state.
#pragma once

#include "config/app_config.h"
#include "voice/voice_config.h"

namespace peregrine::voice {

inline VoiceConfig voiceConfigFrom(const VoiceSettings& s) {
    VoiceConfig c;
    c.inputDevice = s.inputDevice;
    c.outputDevice = s.outputDevice;
    c.wakeWord = s.wakeEnabled;
    if (!s.wakeWord.trimmed().isEmpty()) c.stt.wakePhrase = s.wakeWord.trimmed().toLower();
    c.stt.wakeThreshold = s.wakeThreshold;
    c.endpointer.silenceEndMs = s.endSilenceMs;
    c.quickEndMs = s.quickEndMs;
    c.firstClauseChars = s.firstClauseChars;
    c.followUpMs = s.followUpMs;
    c.sttEngine = s.sttEngine;
    c.tts.engine = s.ttsEngine;
    c.tts.voice = s.ttsVoice;
    c.tts.rate = s.ttsRate;
    return c;
}

}  // namespace peregrine::voice
