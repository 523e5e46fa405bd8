// ConversationService: the shown lists and their mirror. Every change to the open conversation's messages or
// to the conversation list is applied here and sent to the ConversationController in the same order; the
// answer's text is coalesced. Storage replies (ids for the keys of rows written this session, the list, a
// reopened conversation) update both. Thread: the service's.
#include "conversation/conversation_service.h"

namespace peregrine {

int ConversationService::appendRow(const MessageRecord& message, bool streaming) {
    flushText();
    emit rowAppended(message, streaming);
    return m_rows.append(message, streaming);
}

void ConversationService::appendRowText(int row, const QString& text) {
    m_rows.appendText(row, text);
    if (m_textRow != row) flushText();
    m_textRow = row;
    m_text += text;
    if (!m_flushTimer.isActive()) m_flushTimer.start();
}

void ConversationService::flushText() {
    if (m_textRow >= 0 && !m_text.isEmpty()) emit rowTextAppended(m_textRow, m_text);
    m_textRow = -1;
    m_text.clear();
}

void ConversationService::updateRow(int row, const MessageRecord& message, bool streaming) {
    flushText();
    m_rows.update(row, message, streaming);
    emit rowUpdated(row, message, streaming);
}

void ConversationService::resetRows(const QList<MessageRecord>& messages) {
    flushText();
    m_rows.setMessages(messages);
    emit rowsReset(messages);
}

void ConversationService::updateShownRow(int row, qint64 conversationId, const MessageRecord& record) {
    if (row < 0 || conversationId != m_state.conversationId || row >= m_rows.rowCount()) return;
    if (m_rows.at(row).id != record.id || m_rows.isStreaming(row)) return;
    updateRow(row, record, false);
}

void ConversationService::upsertConversation(const ConversationRecord& record) {
    m_conversations.upsertFirst(record);
    emit conversationUpserted(record);
}

void ConversationService::setCurrentConversation(qint64 id) {
    m_conversations.setCurrentId(id);
    emit currentConversationChanged(id);
}

void ConversationService::touchListRow(qint64 conversationId) {
    const int row = m_conversations.rowOf(conversationId);
    if (row < 0) return;
    ConversationRecord c = m_conversations.at(row);
    c.updatedAt = QDateTime::currentDateTimeUtc();
    ++c.messageCount;
    upsertConversation(c);
}

void ConversationService::publish(bool statsOnly) {
    if (statsOnly && m_sinceStats.isValid() && m_sinceStats.elapsed() < 100) {
        m_statsDirty = true;  // sent by the flush timer
        if (!m_flushTimer.isActive()) m_flushTimer.start();
        return;
    }
    flushText();
    m_statsDirty = false;
    m_sinceStats.start();
    emit stateChanged(m_state);
}

void ConversationService::onConversationCreated(qint64 key, qint64 id) {
    if (id <= 0) return;  // the storage error is shown; the conversation stays on screen, unsaved
    m_conversations.replaceId(key, id);
    emit conversationIdReplaced(key, id);
    for (auto& p : m_pending)
        if (p.conversationId == key) p.conversationId = p.record.conversationId = p.user.conversationId = id;
    for (auto& link : m_voiceTurns)
        if (link.conversationId == key) link.conversationId = id;
    if (m_state.conversationId == key) {
        m_state.conversationId = id;
        publish();
    }
}

void ConversationService::onMessageStored(qint64 key, qint64 id) {
    if (id > 0) {
        for (int row = 0; row < m_rows.rowCount(); ++row) {
            if (m_rows.at(row).id != key) continue;
            MessageRecord r = m_rows.at(row);
            r.id = id;
            updateRow(row, r, m_rows.isStreaming(row));
        }
        for (auto& p : m_pending)
            if (p.user.id == key) p.user.id = id;
        for (auto& link : m_voiceTurns) {
            if (link.user.id == key) link.user.id = id;
            if (link.answer.id == key) link.answer.id = id;
        }
    }
    const auto answer = m_answersBeingStored.find(key);
    if (answer == m_answersBeingStored.end()) return;
    const StopReason stopReason = answer.value();
    m_answersBeingStored.erase(answer);
    emit answerCompleted(id, id > 0, stopReason);
}

// The snapshot holds every write posted before the request; conversations started since still carry their
// key (their ids are reported after this reply, in order) and stay on top.
void ConversationService::onConversationsLoaded(const QList<ConversationRecord>& conversations) {
    QList<ConversationRecord> rows;
    for (int i = 0; i < m_conversations.rowCount(); ++i)
        if (m_conversations.at(i).id < 0) rows << m_conversations.at(i);
    m_conversations.setConversations(rows + conversations);
    emit conversationsReset(rows + conversations);
}

void ConversationService::onMessagesLoaded(qint64 conversationId, const QList<MessageRecord>& messages) {
    if (conversationId != m_state.conversationId) return;  // another conversation was opened meanwhile
    resetRows(messages);
}

}  // namespace peregrine
