#include "speech/speech_logging.h"

Q_LOGGING_CATEGORY(lcSpeech, "peregrine.speech", QtInfoMsg)
Q_LOGGING_CATEGORY(lcVoice, "peregrine.voice", QtInfoMsg)
