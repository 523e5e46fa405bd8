// AnswerSource: what the voice loop needs from a language model, as signals and slots. The headless runs use
// LocalAnswerer (an engine Session on its own thread); in the app, ConversationController bridges the voice
// loop to its InferenceWorker with the same four connections (see VoiceLoop). Thread: lives on the inference
// thread; ask()/cancel() arrive queued. cancel() must be safe from any thread (an atomic flag read between
// tokens).
#pragma once

#include <QObject>
#include <QString>

namespace peregrine::voice {

class AnswerSource : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    // Thread-safe: asks the generation for this turn (running or still queued) to stop before its next token.
    virtual void cancel(int turn) = 0;

public slots:
    // Starts answering question for the given turn; emits token()* then finished() or failed().
    virtual void ask(int turn, const QString& question) = 0;
    // Forget the conversation so far.
    virtual void resetConversation() = 0;

signals:
    void token(int turn, const QString& text);
    void finished(int turn, const QString& stopReason);
    void failed(int turn, const QString& message);
};

}  // namespace peregrine::voice
