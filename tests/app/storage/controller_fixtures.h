// What the InferenceWorker would send a conversation (its service, on the conversation thread), without a
// model: "loaded", then an answer that streams and ends. For the storage tests, which care about what is
// stored, not what is generated. Each returns once the mirror has applied what the service did.
#pragma once

#include <QTest>

#include "../inference/load_through_worker.h"
#include "conversation/conversation_controller.h"
#include "conversation/conversation_service.h"

namespace peregrine::test {

inline void fakeModelLoaded(ConversationController& c) {
    LoadedModel m;
    m.path = QStringLiteral("/models/fake.gguf");
    m.name = QStringLiteral("fake");
    QVERIFY(QMetaObject::invokeMethod(c.service(), "onModelLoaded", Qt::QueuedConnection,
                                      Q_ARG(peregrine::LoadedModel, m)));
    QVERIFY(testing::settle(&c));
    QVERIFY(c.modelReady());
}

inline void fakeAnswer(ConversationController& c, qint64 requestId, const QString& text) {
    QVERIFY(QMetaObject::invokeMethod(c.service(), "onTokens", Qt::QueuedConnection, Q_ARG(qint64, requestId),
                                      Q_ARG(QString, text), Q_ARG(int, 3)));
    GenerationResult r;
    r.promptTokens = 5;
    r.generatedTokens = 3;
    r.ttftMs = 12;
    r.promptTokPerSec = 100;
    r.decodeTokPerSec = 20;
    r.stopReason = StopReason::EndOfText;
    QVERIFY(QMetaObject::invokeMethod(c.service(), "onFinished", Qt::QueuedConnection,
                                      Q_ARG(qint64, requestId), Q_ARG(peregrine::GenerationResult, r)));
    QVERIFY(testing::settle(&c));
}

}  // namespace peregrine::test
