// What the InferenceWorker would send a ConversationController, without a model: "loaded", then an answer
// that streams and ends. For the storage tests, which care about what is stored, not what is generated.
#pragma once

#include <QTest>

#include "inference/conversation_controller.h"

namespace peregrine::test {

inline void fakeModelLoaded(ConversationController& c) {
    LoadedModel m;
    m.path = QStringLiteral("/models/fake.gguf");
    m.name = QStringLiteral("fake");
    QVERIFY(QMetaObject::invokeMethod(&c, "onModelLoaded", Q_ARG(peregrine::LoadedModel, m)));
    QVERIFY(c.modelReady());
}

inline void fakeAnswer(ConversationController& c, qint64 requestId, const QString& text) {
    QVERIFY(QMetaObject::invokeMethod(&c, "onTokens", Q_ARG(qint64, requestId), Q_ARG(QString, text),
                                      Q_ARG(int, 3)));
    GenerationResult r;
    r.promptTokens = 5;
    r.generatedTokens = 3;
    r.ttftMs = 12;
    r.promptTokPerSec = 100;
    r.decodeTokPerSec = 20;
    r.stopReason = StopReason::EndOfText;
    QVERIFY(QMetaObject::invokeMethod(&c, "onFinished", Q_ARG(qint64, requestId),
                                      Q_ARG(peregrine::GenerationResult, r)));
}

}  // namespace peregrine::test
