// ConversationController: the mirrors' side of storage. Replies of the StorageService (ids for the keys of
// rows written this session, the conversation list, a reopened conversation's messages) update the list
// models in place. Thread: UI thread.
#include "inference/conversation_controller.h"

namespace peregrine {

void ConversationController::touchListRow(qint64 conversationId) {
    const int row = m_conversations->rowOf(conversationId);
    if (row < 0) return;
    ConversationRecord c = m_conversations->at(row);
    c.updatedAt = QDateTime::currentDateTimeUtc();
    ++c.messageCount;
    m_conversations->upsertFirst(c);
}

void ConversationController::onConversationCreated(qint64 key, qint64 id) {
    if (id <= 0) return;  // the storage error is shown; the conversation stays on screen, unsaved
    m_conversations->replaceId(key, id);
    for (auto& p : m_pending)
        if (p.conversationId == key) p.conversationId = p.record.conversationId = p.user.conversationId = id;
    for (auto& link : m_voiceTurns)
        if (link.conversationId == key) link.conversationId = id;
    if (m_conversationId == key) {
        m_conversationId = id;
        emit conversationIdChanged();
    }
}

void ConversationController::onMessageStored(qint64 key, qint64 id) {
    if (id > 0) {
        for (int row = 0; row < m_messages->rowCount(); ++row) {
            if (m_messages->at(row).id != key) continue;
            MessageRecord r = m_messages->at(row);
            r.id = id;
            m_messages->update(row, r, m_messages->isStreaming(row));
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
void ConversationController::onConversationsLoaded(const QList<ConversationRecord>& conversations) {
    QList<ConversationRecord> rows;
    for (int i = 0; i < m_conversations->rowCount(); ++i)
        if (m_conversations->at(i).id < 0) rows << m_conversations->at(i);
    m_conversations->setConversations(rows + conversations);
}

void ConversationController::onMessagesLoaded(qint64 conversationId, const QList<MessageRecord>& messages) {
    if (conversationId != m_conversationId) return;  // another conversation was opened meanwhile
    m_messages->setMessages(messages);
}

}  // namespace peregrine
