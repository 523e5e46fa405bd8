// Test helper: loads a model into an InferenceWorker the way the app does (the switcher's handshake:
// loadCandidate beside the current session, then commitCandidate), and waits until the conversation connected
// to it has the model. Returns false with a warning on failure or after timeoutMs.
#pragma once

#include <QSignalSpy>
#include <QTest>

#include <QThread>

#include "conversation/conversation_controller.h"
#include "conversation/conversation_service.h"
#include "inference/inference_worker.h"
#include "storage/database.h"
#include "storage/storage_service.h"

namespace peregrine::testing {

inline bool loadThroughWorker(InferenceWorker* worker, ConversationController* conversation,
                              const QString& path, int contextLength = 512, int threads = 2,
                              int timeoutMs = 30000) {
    QSignalSpy candidate(worker, &InferenceWorker::candidateLoaded);
    QSignalSpy failed(worker, &InferenceWorker::candidateFailed);
    QSignalSpy loaded(conversation, &ConversationController::modelLoaded);
    QMetaObject::invokeMethod(
        worker, [=] { worker->loadCandidate(path, contextLength, threads); }, Qt::QueuedConnection);
    QDeadlineTimer deadline(timeoutMs);
    while (candidate.isEmpty() && failed.isEmpty() && !deadline.hasExpired()) QTest::qWait(5);
    if (candidate.isEmpty()) {
        qWarning() << "candidate" << path
                   << "did not load:" << (failed.isEmpty() ? "timeout" : failed.first().at(1));
        return false;
    }
    QMetaObject::invokeMethod(
        worker, [=] { worker->commitCandidate(path); }, Qt::QueuedConnection);
    while (loaded.isEmpty() && !deadline.hasExpired()) QTest::qWait(5);
    return !loaded.isEmpty();
}

// Opens the database at dbPath twice (db: a second connection that reads back what the storage thread wrote;
// storage: the app's writer) and starts a new InferenceWorker on thread (the caller deletes it after
// thread.wait()). Returns false with a warning on failure.
inline bool startStorageAndWorker(const QString& dbPath, Database& db, StorageService& storage,
                                  QThread& thread, InferenceWorker*& worker) {
    if (!db.open(dbPath)) {
        qWarning() << "database" << dbPath << "did not open:" << db.lastError();
        return false;
    }
    storage.open(dbPath);
    if (!QTest::qWaitFor([&] { return storage.isOpen(); }, 5000)) {
        qWarning() << "the storage thread did not open" << dbPath;
        return false;
    }
    worker = new InferenceWorker;
    worker->moveToThread(&thread);
    thread.start();
    return true;
}

// A deterministic inference config for the tiny test models: greedy, no system prompt, a 512-token context.
inline InferenceConfig testInferenceConfig(int maxTokens) {
    InferenceConfig c;
    c.maxTokens = maxTokens;
    c.temperature = 0;
    c.contextLength = 512;
    c.systemPrompt.clear();
    return c;
}

// Waits until the conversation service has handled every call queued to it so far and the mirror has applied
// everything the service sent back meanwhile (the state and the list operations).
inline bool settle(ConversationController* conversation, int timeoutMs = 5000) {
    bool done = false;
    QMetaObject::invokeMethod(
        conversation->service(),
        [conversation, &done] {
            QMetaObject::invokeMethod(
                conversation, [&done] { done = true; }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return QTest::qWaitFor([&done] { return done; }, timeoutMs);
}

}  // namespace peregrine::testing
