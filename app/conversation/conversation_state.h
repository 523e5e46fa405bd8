// The conversation's state as the UI shows it: one value sent from the ConversationService (conversation
// thread) to its mirror, the ConversationController (UI thread), in a queued signal whenever a field changes.
// A plain copy.
#pragma once

#include <QMetaType>
#include <QString>

#include "inference/inference_types.h"

namespace peregrine {

struct ConversationState {
    qint64 conversationId = 0;  // 0: a new conversation, not stored yet; < 0: a storage key
    bool generating = false;
    LoadedModel model;
    bool loading = false;
    QString modelError;  // why no model is answering
    QString error;       // the conversation page's error line
    bool paused = false;
    bool deepThinkEnabled = false;
    // The running answer's cancel flag (null when none): the mirror sets it at once on stop.
    CancelFlag activeCancel;
    double liveTokPerSec = 0, lastTtftMs = 0, lastPromptTokPerSec = 0, lastDecodeTokPerSec = 0;

    bool modelReady() const { return !model.path.isEmpty() && !loading; }
};

void registerConversationTypes();

}  // namespace peregrine

Q_DECLARE_METATYPE(peregrine::ConversationState)
