// ConversationService: direct tool commands without the model. Typed text that a direct command matches
// (or the reply to a tool's question) goes to the ToolRunner on the tools thread; its result comes back
// queued and is shown and stored as the answer. Spoken tool turns are run by the voice loop and the runner
// directly; they are only shown and stored here, from the turn's timings. Thread: the service's.
#include "conversation/conversation_service.h"
#include "logging/logging.h"
#include "storage/storage_service.h"
#include "tools/tool_runner.h"
#include "voice/voice_loop.h"

namespace peregrine {

void ConversationService::connectTools(tools::ToolRunner* runner, const tools::ToolRegistry* registry) {
    m_toolRunner = runner;
    m_tools = registry;
    connect(runner, &tools::ToolRunner::finished, this, &ConversationService::onToolFinished,
            Qt::QueuedConnection);
}

bool ConversationService::runDirectCommand(const QString& text) {
    if (!m_toolRunner || !m_tools) return false;
    const int tag = m_nextToolTag--;  // < 0: never a voice turn
    tools::ToolRunner* runner = m_toolRunner;
    if (runner->awaitingConfirmation()) {
        m_toolQuestions.insert(tag, text);
        QMetaObject::invokeMethod(
            runner, [runner, tag, text] { runner->answerConfirmation(tag, text); }, Qt::QueuedConnection);
        return true;
    }
    const auto call = m_tools->matchCommand(text);
    if (!call) return false;
    qCInfo(lcInference) << "typed direct command:" << call->name;
    m_toolQuestions.insert(tag, text);
    runner->submit(tag, *call);
    setError({});
    return true;
}

void ConversationService::onToolFinished(int tag, const tools::ToolCall& call,
                                         const tools::ToolResult& result) {
    Q_UNUSED(call);
    const auto it = m_toolQuestions.find(tag);
    if (it == m_toolQuestions.end()) return;  // a spoken call (shown at the end of its turn) or the CLI's
    const QString question = it.value();
    m_toolQuestions.erase(it);
    addExchange(question, result.say, nullptr);
}

void ConversationService::addExchange(const QString& question, const QString& answer,
                                      const voice::VoiceTimings* timings) {
    if (question.isEmpty()) return;
    ensureConversation(question);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    MessageRecord user;
    user.conversationId = m_state.conversationId;
    user.role = QStringLiteral("user");
    user.text = question;
    user.createdAt = now;
    MessageRecord reply;
    reply.conversationId = m_state.conversationId;
    reply.role = QStringLiteral("assistant");
    reply.text = answer;
    reply.model = QStringLiteral("tools");  // answered without the language model
    reply.createdAt = reply.finishedAt = now;
    reply.stopReason = StopReason::Tool;
    if (timings) {
        if (timings->transcriptMs >= 0 && timings->speechEndMs >= 0)
            user.sttMs = timings->transcriptMs - timings->speechEndMs;
        if (timings->speechToAudioMs() >= 0) reply.firstAudioMs = timings->speechToAudioMs();
    }
    if (m_storage && m_state.conversationId != 0) {
        user.id = m_storage->addMessage(user);
        reply.id = m_storage->addMessage(reply);
    }
    touchListRow(m_state.conversationId);
    appendRow(user);
    appendRow(reply);
}

}  // namespace peregrine
