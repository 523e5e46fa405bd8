#include "voice/tts_worker.h"

#include <QElapsedTimer>

#include "speech/speech_logging.h"

namespace peregrine::voice {

TtsWorker::TtsWorker(const speech::TtsOptions& options, QObject* parent)
    : QObject(parent), m_options(options) {}

TtsWorker::~TtsWorker() = default;

void TtsWorker::warmUp() {
    if (!m_engine) m_engine = speech::createTextToSpeech(m_options);
    if (m_engine->isReady()) {
        m_engine->synthesize(
            QStringLiteral("Ready."));  // loads voice data and caches now, not at the first answer
        emit ready();
    } else {
        emit failed(m_engine->errorString());
    }
}

void TtsWorker::synthesize(int turn, int index, const QString& text) {
    const auto stopped = [this, turn] { return turn < m_currentTurn.load(std::memory_order_acquire); };
    if (stopped()) return;  // a stopped turn
    if (!m_engine) m_engine = speech::createTextToSpeech(m_options);
    if (!m_engine->isReady()) {
        qCWarning(lcSpeech) << "text to speech unavailable:" << m_engine->errorString();
        emit synthesized(turn, index, QByteArray(), true);
        return;
    }
    QElapsedTimer timer;
    timer.start();
    qint64 firstPieceMs = -1;
    size_t samples = 0;
    m_engine->synthesizeStreaming(text, [&](const int16_t* pcm, size_t count) {
        if (stopped()) return false;
        if (firstPieceMs < 0) firstPieceMs = timer.elapsed();
        samples += count;
        emit synthesized(turn, index,
                         QByteArray(reinterpret_cast<const char*>(pcm), static_cast<qsizetype>(count * 2)),
                         false);
        return true;
    });
    qCDebug(lcSpeech) << "turn" << turn << "sentence" << index << "first piece after" << firstPieceMs
                      << "ms, synthesized in" << timer.elapsed() << "ms:" << text.size() << "characters,"
                      << samples / 16 << "ms of audio";
    emit synthesized(turn, index, QByteArray(), true);
}

}  // namespace peregrine::voice
