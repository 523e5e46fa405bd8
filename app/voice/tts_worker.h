// TtsWorker: synthesises sentences on its own thread so that speech for sentence 1 is made while the model is
// writing sentence 2 and the voice thread keeps listening (barge-in). A sentence streams out in pieces, so
// its start plays while the rest is made; a stopped turn stops its synthesis at the next piece. Requests are
// served in order; requests of a turn older than the latest setCurrentTurn() are skipped. Thread: construct
// anywhere, moveToThread() a worker thread; synthesize() arrives queued; setCurrentTurn() is thread-safe. The
// engine is created on the worker thread at the first request (engines keep thread state).
#pragma once

#include <QByteArray>
#include <QObject>
#include <atomic>
#include <memory>

#include "speech/text_to_speech.h"

namespace peregrine::voice {

class TtsWorker : public QObject {
    Q_OBJECT
public:
    explicit TtsWorker(const speech::TtsOptions& options, QObject* parent = nullptr);
    ~TtsWorker() override;

    void setCurrentTurn(int turn) { m_currentTurn.store(turn, std::memory_order_release); }

public slots:
    // Creates the engine now (else at the first sentence); emits ready() or failed().
    void warmUp();
    void synthesize(int turn, int index, const QString& text);

signals:
    void ready();
    // A piece of sentence `index`, in order: pcm holds 16 kHz mono int16 samples (native byte order). The
    // first piece comes as soon as the engine has made about 100 ms of audio; the sentence's last signal
    // has last = true (its pcm may be empty; all of it is empty when synthesis failed or the turn stopped).
    void synthesized(int turn, int index, const QByteArray& pcm, bool last);
    void failed(const QString& message);

private:
    speech::TtsOptions m_options;
    std::unique_ptr<speech::TextToSpeech> m_engine;
    std::atomic<int> m_currentTurn{0};
};

}  // namespace peregrine::voice
