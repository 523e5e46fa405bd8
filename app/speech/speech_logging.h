// Logging categories of the speech and voice subsystems (app/logging declares the others).
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSpeech)  // "peregrine.speech": speech-to-text, text-to-speech
Q_DECLARE_LOGGING_CATEGORY(lcVoice)   // "peregrine.voice": the voice loop state machine and timings
