// The deep-think endpoint as a queued-signal argument (ConversationController -> InferenceWorker, see
// InferenceWorker::generateRemote). A plain copy; it carries the API key read from its 0600 file, which is
// never logged.
#pragma once

#include <QMetaType>

#include "backends/openai_backend.h"

Q_DECLARE_METATYPE(peregrine::OpenAiEndpoint)
