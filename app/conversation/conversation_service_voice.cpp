// ConversationService: spoken turns. A spoken question is asked like a typed one and linked to its voice
// turn; the words heard so far are prepared ahead; the turn's timings are stored with the question and the
// answer once both have ended, in whichever order. Thread: the service's.
#include "conversation/conversation_service.h"
#include "storage/storage_service.h"
#include "voice/voice_loop.h"

namespace peregrine {

void ConversationService::onVoiceQuestion(int turn, const QString& text) {
    if (!submit(text, false, turn)) {
        emit voiceAnswerFailed(turn, m_state.error.isEmpty() ? tr("Nothing to ask.") : m_state.error);
        return;
    }
    auto it = m_pending.find(m_activeRequest);
    if (it == m_pending.end()) return;
    VoiceTurnLink link;
    link.conversationId = it->conversationId;
    link.user = it->user;
    link.userRow = it->userRow;
    link.answerRow = it->row;
    m_voiceTurns.insert(turn, link);
}

void ConversationService::onVoiceHeard(int, const QString& words, bool wholeQuestion) {
    // A deep-think question is not answered by the local model: computing its prompt ahead would only
    // delay the request to the endpoint on the inference thread.
    if (parseDeepThinkRequest(words.toStdString())) return;
    prepareQuestion(words, wholeQuestion);
}

void ConversationService::onVoiceCancel(int turn) {
    auto it = m_pending.find(m_activeRequest);
    if (it != m_pending.end() && it->voiceTurn == turn) stop();
}

void ConversationService::onVoiceTurnFinished(const voice::VoiceTimings& timings) {
    if (timings.command.startsWith(QLatin1String(voice::VoiceLoop::kToolCommandPrefix))) {
        addExchange(timings.transcript, timings.answer, &timings);  // a direct tool command, spoken
        return;
    }
    auto link = m_voiceTurns.find(timings.turn);
    if (link == m_voiceTurns.end()) return;  // a cab command or a question that was never sent
    link->timings = timings;
    link->timed = true;
    storeVoiceTimings(timings.turn);
}

void ConversationService::storeVoiceTimings(int turn) {
    auto it = m_voiceTurns.find(turn);
    if (it == m_voiceTurns.end() || !it->timed || !it->answered) return;
    VoiceTurnLink link = *it;
    m_voiceTurns.erase(it);
    const voice::VoiceTimings& t = link.timings;
    if (t.transcriptMs >= 0 && t.speechEndMs >= 0) link.user.sttMs = t.transcriptMs - t.speechEndMs;
    if (t.speechToAudioMs() >= 0) link.answer.firstAudioMs = t.speechToAudioMs();
    if (m_storage && link.user.id != 0) m_storage->updateMessage(link.user);
    if (m_storage && link.answer.id != 0) m_storage->updateMessage(link.answer);
    updateShownRow(link.userRow, link.conversationId, link.user);
    updateShownRow(link.answerRow, link.conversationId, link.answer);
}

}  // namespace peregrine
