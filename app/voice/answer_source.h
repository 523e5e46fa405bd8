// AnswerSource: what the voice loop needs from a language model, as signals and slots. The headless runs use
// LocalAnswerer (a Backend on its own thread); in the app, ConversationController bridges the voice loop to
// its InferenceWorker with the same connections (see VoiceLoop). Thread: lives on the inference thread;
// ask()/prepare() arrive queued (best through queueAsk()/queuePrepare()). cancel() must be safe from any
// thread (an atomic flag read between tokens).
#pragma once

#include <QObject>
#include <QString>
#include <atomic>

#include "meta_types/stop_reason_meta.h"

namespace peregrine::voice {

class AnswerSource : public QObject {
    Q_OBJECT
public:
    // Registers the metatypes of the signals below (they are queued from the answering thread).
    explicit AnswerSource(QObject* parent = nullptr);
    // Thread-safe: asks the generation for this turn (running or still queued) to stop before its next token.
    virtual void cancel(int turn) = 0;

    // Thread-safe, from the voice loop's thread: queue prepare() / ask() on this object's thread. A prepare
    // that is still queued when a newer prepare or a question is queued is skipped when its turn comes (it
    // would only delay the answer: the newer one computes a longer prefix of the same prompt, and ask()
    // computes what it needs). A prepare already running finishes.
    void queuePrepare(int turn, const QString& heardSoFar, bool wholeQuestion);
    void queueAsk(int turn, const QString& question);
    // Prepares skipped so far (for logs and tests).
    int skippedPrepares() const { return m_skipped.load(std::memory_order_relaxed); }

public slots:
    // Starts answering question for the given turn; emits token()* then finished() or failed().
    virtual void ask(int turn, const QString& question) = 0;
    // Forget the conversation so far.
    virtual void resetConversation() = 0;
    // The driver is still speaking: computes ahead what the answer to `heardSoFar` will need (the system
    // prompt and history with the words heard so far), so that ask() pays only for the tail. Empty words: the
    // history alone (at load, at the start of speech). wholeQuestion: the driver paused and the words are
    // probably the question: compute the whole prompt so the answer can start at once. Cheap to skip; must
    // not change what ask() answers.
    virtual void prepare(int turn, const QString& heardSoFar, bool wholeQuestion) {
        Q_UNUSED(turn);
        Q_UNUSED(heardSoFar);
        Q_UNUSED(wholeQuestion);
    }

signals:
    void token(int turn, const QString& text);
    void finished(int turn, peregrine::StopReason stopReason);
    void failed(int turn, const QString& message);

private:
    std::atomic<quint64> m_ticket{0};  // bumped by every queuePrepare()/queueAsk()
    std::atomic<int> m_skipped{0};
};

}  // namespace peregrine::voice
