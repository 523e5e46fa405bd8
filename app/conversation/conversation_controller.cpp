#include "conversation/conversation_controller.h"

#include "conversation/conversation_service.h"
#include "inference/inference_worker.h"
#include "storage/storage_service.h"

namespace peregrine {

namespace {

// Runs fn on the service's thread after everything queued before it.
template <typename Fn>
void later(ConversationService* service, Fn fn) {
    QMetaObject::invokeMethod(service, std::move(fn), Qt::QueuedConnection);
}

}  // namespace

ConversationController::ConversationController(StorageService* storage, QObject* parent)
    : QObject(parent),
      m_service(new ConversationService(storage)),
      m_storage(storage),
      m_messages(new MessageListModel(this)),
      m_conversations(new ConversationListModel(this)) {
    registerConversationTypes();
    m_thread.setObjectName(QStringLiteral("conversation"));
    ConversationService* s = m_service;
    MessageListModel* rows = m_messages;
    ConversationListModel* list = m_conversations;
    connect(s, &ConversationService::stateChanged, this, &ConversationController::applyState);
    connect(s, &ConversationService::rowsReset, this, [this, rows](const QList<MessageRecord>& messages) {
        m_stoppedRows.clear();
        rows->setMessages(messages);
    });
    connect(s, &ConversationService::rowAppended, rows,
            [rows](const MessageRecord& m, bool streaming) { rows->append(m, streaming); });
    connect(s, &ConversationService::rowTextAppended, this, [this, rows](int row, const QString& text) {
        if (!m_stoppedRows.contains(row)) rows->appendText(row, text);
    });
    connect(s, &ConversationService::rowUpdated, this,
            [this, rows](int row, const MessageRecord& m, bool streaming) {
                if (m_stoppedRows.contains(row) && streaming)
                    return;  // the service has not seen the stop yet
                m_stoppedRows.remove(row);
                rows->update(row, m, streaming);
            });
    connect(s, &ConversationService::conversationsReset, list, &ConversationListModel::setConversations);
    connect(s, &ConversationService::conversationUpserted, list, &ConversationListModel::upsertFirst);
    connect(s, &ConversationService::conversationIdReplaced, list, &ConversationListModel::replaceId);
    connect(s, &ConversationService::currentConversationChanged, list, &ConversationListModel::setCurrentId);
    connect(s, &ConversationService::modelLoaded, this, &ConversationController::modelLoaded);
    connect(s, &ConversationService::answerCompleted, this, &ConversationController::answerCompleted);
    connect(s, &ConversationService::switchRequested, this, &ConversationController::switchRequested);
    connect(s, &ConversationService::questionRefused, this,
            [this](const QString& text, const QString&) { emit sendRefused(text); });
    if (storage)
        connect(storage, &StorageService::errorChanged, this, &ConversationController::storageErrorChanged);
    s->moveToThread(&m_thread);
    m_thread.start();
}

ConversationController::~ConversationController() {
    if (m_state.activeCancel) m_state.activeCancel->store(true);
    // Deleted on its own thread, after every call queued to it: its timer can only be stopped there.
    QMetaObject::invokeMethod(
        m_service, [s = m_service] { delete s; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QString ConversationController::storageError() const {
    return m_storage ? m_storage->error() : QString();
}

void ConversationController::connectWorker(InferenceWorker* worker) {
    later(m_service, [s = m_service, worker] { s->connectWorker(worker); });
}

void ConversationController::connectVoice(voice::VoiceLoop* voice) {
    later(m_service, [s = m_service, voice] { s->connectVoice(voice); });
}

void ConversationController::connectTools(tools::ToolRunner* runner, const tools::ToolRegistry* registry) {
    later(m_service, [s = m_service, runner, registry] { s->connectTools(runner, registry); });
}

void ConversationController::setInferenceConfig(const InferenceConfig& config) {
    later(m_service, [s = m_service, config] { s->setInferenceConfig(config); });
}

void ConversationController::setDeepThinkConfig(const DeepThinkConfig& config) {
    later(m_service, [s = m_service, config] { s->setDeepThinkConfig(config); });
}

void ConversationController::setModelLoading(bool loading) {
    later(m_service, [s = m_service, loading] { s->setModelLoading(loading); });
}

void ConversationController::setPaused(bool paused, const QString& reason) {
    later(m_service, [s = m_service, paused, reason] { s->setPaused(paused, reason); });
}

void ConversationController::showNotice(const QString& notice) {
    later(m_service, [s = m_service, notice] { s->showNotice(notice); });
}

void ConversationController::setModelError(const QString& reason) {
    later(m_service, [s = m_service, reason] { s->setModelError(reason); });
}

void ConversationController::setGovernorMaxTokens(int maxTokens) {
    later(m_service, [s = m_service, maxTokens] { s->setGovernorMaxTokens(maxTokens); });
}

void ConversationController::setFallbackModel(const QString& path) {
    later(m_service, [s = m_service, path] { s->setFallbackModel(path); });
}

bool ConversationController::send(const QString& text, bool deepThink) {
    if (text.trimmed().isEmpty()) return false;
    later(m_service, [s = m_service, text, deepThink] { s->send(text, deepThink); });
    return true;
}

void ConversationController::stop() {
    // The worker stops between tokens from now on, and the bubble stops growing now; the service marks and
    // stores the partial answer, whose final text replaces the bubble's.
    if (m_state.activeCancel) m_state.activeCancel->store(true);
    if (m_state.generating) {
        for (int row = 0; row < m_messages->rowCount(); ++row) {
            if (!m_messages->isStreaming(row)) continue;
            m_stoppedRows.insert(row);
            m_messages->update(row, m_messages->at(row), false);
        }
        m_state.generating = false;
        m_state.liveTokPerSec = 0;
        m_stopping = true;
        emit generatingChanged();
        emit statsChanged();
    }
    later(m_service, [s = m_service] { s->stop(); });
}

void ConversationController::newConversation() {
    later(m_service, [s = m_service] { s->newConversation(); });
}

void ConversationController::openConversation(qint64 id) {
    later(m_service, [s = m_service, id] { s->openConversation(id); });
}

void ConversationController::refreshConversations() {
    later(m_service, [s = m_service] { s->refreshConversations(); });
}

void ConversationController::applyState(const ConversationState& state) {
    const ConversationState old = m_state;
    m_state = state;
    // Stopped here: states the service sent before it saw the stop must not show the answer running again.
    if (m_stopping && state.generating) {
        m_state.generating = false;
        m_state.liveTokPerSec = 0;
    } else {
        m_stopping = false;
    }
    if (old.conversationId != state.conversationId) emit conversationIdChanged();
    if (old.generating != state.generating) emit generatingChanged();
    const LoadedModel &a = old.model, &b = state.model;
    if (a.path != b.path || a.name != b.name || a.backend != b.backend || a.backendKind != b.backendKind ||
        old.loading != state.loading || old.modelError != state.modelError)
        emit modelChanged();
    if (old.error != state.error) emit errorChanged();
    if (old.deepThinkEnabled != state.deepThinkEnabled) emit deepThinkChanged();
    if (old.liveTokPerSec != state.liveTokPerSec || old.lastTtftMs != state.lastTtftMs ||
        old.lastPromptTokPerSec != state.lastPromptTokPerSec ||
        old.lastDecodeTokPerSec != state.lastDecodeTokPerSec)
        emit statsChanged();
}

void registerConversationTypes() {
    static const bool once = [] {
        registerInferenceTypes();
        registerStorageTypes();
        qRegisterMetaType<ConversationState>();
        qRegisterMetaType<MessageRecord>();
        qRegisterMetaType<ConversationRecord>();
        return true;
    }();
    Q_UNUSED(once);
}

}  // namespace peregrine
