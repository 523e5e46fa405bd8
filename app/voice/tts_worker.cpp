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
    if (turn < m_currentTurn.load(std::memory_order_acquire)) return;  // a stopped turn
    if (!m_engine) m_engine = speech::createTextToSpeech(m_options);
    audio::Pcm pcm;
    if (m_engine->isReady()) {
        QElapsedTimer timer;
        timer.start();
        pcm = m_engine->synthesize(text);
        qCDebug(lcSpeech) << "turn" << turn << "sentence" << index << "synthesized in" << timer.elapsed()
                          << "ms:" << text.size() << "characters," << pcm.size() / 16 << "ms of audio";
    } else
        qCWarning(lcSpeech) << "text to speech unavailable:" << m_engine->errorString();
    emit synthesized(
        turn, index,
        QByteArray(reinterpret_cast<const char*>(pcm.data()), static_cast<qsizetype>(pcm.size() * 2)));
}

}  // namespace peregrine::voice
