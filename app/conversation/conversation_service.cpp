// ConversationService: wiring, model state, answers (tokens, ends, failures, stop) and the governor's policy.
// Thread: the service's (see conversation_service.h).
#include "conversation/conversation_service.h"

#include "inference/inference_worker.h"
#include "logging/logging.h"
#include "storage/storage_service.h"
#include "voice/voice_loop.h"

namespace peregrine {

ConversationService::ConversationService(StorageService* storage, QObject* parent)
    : QObject(parent), m_storage(storage), m_rows(this), m_conversations(this), m_flushTimer(this) {
    registerConversationTypes();
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(40);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] {
        flushText();
        if (m_statsDirty) publish();
    });
    if (!storage) return;
    connect(storage, &StorageService::conversationCreated, this, &ConversationService::onConversationCreated);
    connect(storage, &StorageService::messageStored, this, &ConversationService::onMessageStored);
    connect(storage, &StorageService::messagesLoaded, this, &ConversationService::onMessagesLoaded);
    connect(storage, &StorageService::conversationsLoaded, this, &ConversationService::onConversationsLoaded);
}

ConversationService::~ConversationService() {
    for (auto& p : m_pending)
        if (p.cancel) p.cancel->store(true);
}

void ConversationService::connectWorker(InferenceWorker* worker) {
    connect(this, &ConversationService::requestGenerate, worker, &InferenceWorker::generate,
            Qt::QueuedConnection);
    connect(this, &ConversationService::requestPrepare, worker, &InferenceWorker::prepare,
            Qt::QueuedConnection);
    connect(this, &ConversationService::requestGenerateRemote, worker, &InferenceWorker::generateRemote,
            Qt::QueuedConnection);
    connect(worker, &InferenceWorker::modelLoaded, this, &ConversationService::onModelLoaded,
            Qt::QueuedConnection);
    connect(worker, &InferenceWorker::tokens, this, &ConversationService::onTokens, Qt::QueuedConnection);
    connect(worker, &InferenceWorker::finished, this, &ConversationService::onFinished, Qt::QueuedConnection);
    connect(worker, &InferenceWorker::failed, this, &ConversationService::onFailed, Qt::QueuedConnection);
    connect(worker, &InferenceWorker::toolCalls, this, &ConversationService::onToolCalls,
            Qt::QueuedConnection);
    m_worker = worker;
    linkWorkerToVoice();
}

void ConversationService::linkWorkerToVoice() {
    if (!m_worker || !m_voice) return;
    using voice::VoiceLoop;
    connect(m_worker, &InferenceWorker::voiceText, m_voice, &VoiceLoop::appendAnswerText,
            Qt::QueuedConnection);
    connect(m_worker, &InferenceWorker::voiceFinished, m_voice, &VoiceLoop::finishAnswer,
            Qt::QueuedConnection);
    connect(m_worker, &InferenceWorker::voiceFailed, m_voice, &VoiceLoop::failAnswer, Qt::QueuedConnection);
}

void ConversationService::connectVoice(voice::VoiceLoop* voice) {
    using voice::VoiceLoop;
    connect(voice, &VoiceLoop::questionReady, this, &ConversationService::onVoiceQuestion,
            Qt::QueuedConnection);
    connect(voice, &VoiceLoop::heardSoFar, this, &ConversationService::onVoiceHeard, Qt::QueuedConnection);
    connect(voice, &VoiceLoop::cancelGenerationRequested, this, &ConversationService::onVoiceCancel,
            Qt::QueuedConnection);
    connect(voice, &VoiceLoop::newConversationRequested, this, &ConversationService::newConversation,
            Qt::QueuedConnection);
    connect(voice, &VoiceLoop::turnFinished, this, &ConversationService::onVoiceTurnFinished,
            Qt::QueuedConnection);
    connect(this, &ConversationService::voiceAnswerFailed, voice, &VoiceLoop::failAnswer,
            Qt::QueuedConnection);
    m_voice = voice;
    linkWorkerToVoice();
}

void ConversationService::setInferenceConfig(const InferenceConfig& config) {
    m_config = config;
}

void ConversationService::setModelLoading(bool loading) {
    if (loading == m_state.loading) return;
    m_state.loading = loading;
    publish();
}

void ConversationService::onModelLoaded(const LoadedModel& model) {
    m_state.loading = false;
    m_state.model = model;
    m_state.modelError.clear();
    publish();
    emit modelLoaded(model);
    prepareQuestion(QString(), false);  // the system prompt, before the first question
}

void ConversationService::setModelError(const QString& reason) {
    if (m_state.modelError == reason) return;
    m_state.modelError = reason;
    publish();
}

void ConversationService::showNotice(const QString& notice) {
    setError(notice);
}

void ConversationService::setPaused(bool paused, const QString& reason) {
    const QString why = reason.isEmpty() ? tr("Answers are paused.") : reason;
    if (paused) {
        m_state.paused = true;
        m_pauseReason = why;
        if (m_activeRequest) stop();
        setError(why);
    } else if (m_state.paused) {
        m_state.paused = false;
        if (m_state.error == m_pauseReason) setError({});
        m_pauseReason.clear();
        publish();
    }
}

void ConversationService::setGovernorMaxTokens(int maxTokens) {
    m_governorMaxTokens = maxTokens;
}

void ConversationService::setFallbackModel(const QString& path) {
    if (!path.isEmpty()) {
        if (m_modelBeforeFallback.isEmpty()) m_modelBeforeFallback = m_state.model.path;
        qCInfo(lcSystem).noquote() << "governor: switching to the fallback model" << path;
        emit switchRequested(path);
    } else if (!m_modelBeforeFallback.isEmpty()) {
        qCInfo(lcSystem).noquote() << "governor: back to" << m_modelBeforeFallback;
        emit switchRequested(m_modelBeforeFallback);
        m_modelBeforeFallback.clear();
    }
}

void ConversationService::stop() {
    if (!m_activeRequest) return;
    auto it = m_pending.find(m_activeRequest);
    if (it != m_pending.end()) {
        it->cancel->store(true);
        it->record.stopReason = StopReason::Cancelled;
        if (it->row >= 0) updateRow(it->row, it->record, false);
    }
    qCInfo(lcInference) << "stopped answer" << m_activeRequest;
    m_state.liveTokPerSec = 0;
    setActiveRequest(0);
    publish();
}

void ConversationService::onTokens(qint64 requestId, const QString& text, int generatedSoFar) {
    auto it = m_pending.find(requestId);
    if (it == m_pending.end() || it->cancel->load()) return;  // stopped: the bubble no longer grows
    it->record.text += text;
    if (it->row >= 0) appendRowText(it->row, text);
    // The live and last speeds are the board's (the status bar, the thermal governor): a remote answer's are
    // shown only under its bubble.
    if (it->deepThink) return;
    if (!it->sinceFirstToken.isValid()) {
        it->sinceFirstToken.start();
    } else if (generatedSoFar > 1) {
        const double s = static_cast<double>(it->sinceFirstToken.nsecsElapsed()) / 1e9;
        if (s > 0.05) {
            m_state.liveTokPerSec = (generatedSoFar - 1) / s;
            publish(true);
        }
    }
}

void ConversationService::onToolCalls(qint64 requestId, const QString& toolCallsJson) {
    auto it = m_pending.find(requestId);
    if (it == m_pending.end()) return;
    it->record.toolCalls = toolCallsJson;
    if (it->row >= 0) updateRow(it->row, it->record, true);
}

void ConversationService::onFinished(qint64 requestId, const GenerationResult& result) {
    auto it = m_pending.find(requestId);
    if (it == m_pending.end()) return;
    Pending p = *it;
    m_pending.erase(it);
    MessageRecord& r = p.record;
    r.ttftMs = result.ttftMs;
    r.promptTokens = result.promptTokens;
    r.generatedTokens = result.generatedTokens;
    r.promptTokPerSec = result.promptTokPerSec;
    r.decodeTokPerSec = result.decodeTokPerSec;
    r.stopReason = p.cancel->load() ? StopReason::Cancelled : result.stopReason;
    if (p.deepThink && !result.answeredBy.isEmpty()) r.model = result.answeredBy;
    if (result.generatedTokens > 0 && !p.deepThink) {
        m_state.lastTtftMs = result.ttftMs;
        m_state.lastPromptTokPerSec = result.promptTokPerSec;
        m_state.lastDecodeTokPerSec = result.decodeTokPerSec;
    }
    complete(requestId, p);
}

void ConversationService::onFailed(qint64 requestId, QString message) {
    auto it = m_pending.find(requestId);
    if (it == m_pending.end()) return;
    Pending p = *it;
    m_pending.erase(it);
    qCWarning(lcInference) << "answer failed:" << message;
    p.record.stopReason = StopReason::Error;
    if (p.record.text.isEmpty()) p.record.text = tr("(no answer: %1)").arg(message);
    m_state.error = message;
    complete(requestId, p);
}

void ConversationService::complete(qint64 requestId, Pending p) {
    p.record.finishedAt = QDateTime::currentDateTimeUtc();
    // Queued: answerCompleted follows from onMessageStored once the storage thread has written it.
    const bool queued = p.conversationId != 0 && m_storage;
    if (queued) {
        p.record.id = m_storage->addMessage(p.record);
        m_answersBeingStored.insert(p.record.id, p.record.stopReason);
        touchListRow(p.conversationId);
    }
    if (p.row >= 0 && p.conversationId == m_state.conversationId) updateRow(p.row, p.record, false);
    if (m_activeRequest == requestId) {
        m_state.liveTokPerSec = 0;
        setActiveRequest(0);
    }
    publish();
    if (p.voiceTurn >= 0) {
        auto link = m_voiceTurns.find(p.voiceTurn);
        if (link != m_voiceTurns.end()) {
            link->answer = p.record;
            link->answered = true;
            storeVoiceTimings(p.voiceTurn);
        }
    }
    if (!queued) emit answerCompleted(0, false, p.record.stopReason);
}

void ConversationService::setError(const QString& error) {
    if (m_state.error == error) return;
    m_state.error = error;
    publish();
}

void ConversationService::setActiveRequest(qint64 id) {
    m_activeRequest = id;
    m_state.generating = id != 0;
    const auto it = m_pending.constFind(id);
    m_state.activeCancel = it != m_pending.constEnd() ? it->cancel : CancelFlag();
}

void ConversationService::newConversation() {
    stop();
    for (auto& p : m_pending) p.row = -1;
    resetRows({});
    m_state.conversationId = 0;
    setCurrentConversation(0);
    m_state.error.clear();
    publish();
}

void ConversationService::openConversation(qint64 id) {
    if (id == m_state.conversationId) return;
    stop();
    for (auto& p : m_pending) p.row = -1;
    resetRows({});
    m_state.conversationId = id;
    if (m_storage) m_storage->requestMessages(id);  // -> onMessagesLoaded
    setCurrentConversation(id);
    m_state.error.clear();
    publish();
}

void ConversationService::refreshConversations() {
    if (m_storage) m_storage->requestConversations();  // -> the list, once at start-up
}

}  // namespace peregrine
