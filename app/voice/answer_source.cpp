#include "voice/answer_source.h"

#include "speech/speech_logging.h"

namespace peregrine::voice {

AnswerSource::AnswerSource(QObject* parent) : QObject(parent) {
    registerStopReasonMetaType();
}

void AnswerSource::queuePrepare(int turn, const QString& heardSoFar, bool wholeQuestion) {
    const quint64 ticket = m_ticket.fetch_add(1, std::memory_order_acq_rel) + 1;
    QMetaObject::invokeMethod(
        this,
        [this, ticket, turn, heardSoFar, wholeQuestion] {
            if (m_ticket.load(std::memory_order_acquire) != ticket) {
                m_skipped.fetch_add(1, std::memory_order_relaxed);
                qCDebug(lcVoice) << "turn" << turn << "prepare for" << heardSoFar << "skipped: superseded";
                return;
            }
            prepare(turn, heardSoFar, wholeQuestion);
        },
        Qt::QueuedConnection);
}

void AnswerSource::queueAsk(int turn, const QString& question) {
    m_ticket.fetch_add(1, std::memory_order_acq_rel);
    QMetaObject::invokeMethod(
        this, [this, turn, question] { ask(turn, question); }, Qt::QueuedConnection);
}

}  // namespace peregrine::voice
