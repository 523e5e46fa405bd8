#include "inference/conversation_controller.h"

#include "inference/inference_worker.h"
#include "logging/logging.h"
#include "storage/storage_service.h"
#include "voice/voice_loop.h"

namespace peregrine {

SamplingSettings ConversationController::sampling() const {
    SamplingSettings s;
    s.maxTokens = m_config.maxTokens;
    s.temperature = m_config.temperature;
    s.topP = m_config.topP;
    s.topK = m_config.topK;
    s.minP = m_config.minP;
    s.repeatPenalty = m_config.repeatPenalty;
    return s;
}

ConversationController::ConversationController(StorageService* storage, QObject* parent)
    : QObject(parent),
      m_storage(storage),
      m_messages(new MessageListModel(this)),
      m_conversations(new ConversationListModel(this)) {
    registerInferenceTypes();
    if (!storage) return;
    connect(storage, &StorageService::conversationCreated, this,
            &ConversationController::onConversationCreated);
    connect(storage, &StorageService::messageStored, this, &ConversationController::onMessageStored);
    connect(storage, &StorageService::messagesLoaded, this, &ConversationController::onMessagesLoaded);
    connect(storage, &StorageService::conversationsLoaded, this,
            &ConversationController::onConversationsLoaded);
    connect(storage, &StorageService::errorChanged, this, &ConversationController::storageErrorChanged);
}

QString ConversationController::storageError() const {
    return m_storage ? m_storage->error() : QString();
}

ConversationController::~ConversationController() {
    for (auto& p : m_pending)
        if (p.cancel) p.cancel->store(true);
}

void ConversationController::connectWorker(InferenceWorker* worker) {
    connect(this, &ConversationController::requestGenerate, worker, &InferenceWorker::generate,
            Qt::QueuedConnection);
    connect(this, &ConversationController::requestPrepare, worker, &InferenceWorker::prepare,
            Qt::QueuedConnection);
    connect(this, &ConversationController::requestGenerateRemote, worker, &InferenceWorker::generateRemote,
            Qt::QueuedConnection);
    connect(worker, &InferenceWorker::modelLoaded, this, &ConversationController::onModelLoaded,
            Qt::QueuedConnection);
    connect(worker, &InferenceWorker::tokens, this, &ConversationController::onTokens, Qt::QueuedConnection);
    connect(worker, &InferenceWorker::finished, this, &ConversationController::onFinished,
            Qt::QueuedConnection);
    connect(worker, &InferenceWorker::failed, this, &ConversationController::onFailed, Qt::QueuedConnection);
    connect(worker, &InferenceWorker::toolCalls, this, &ConversationController::onToolCalls,
            Qt::QueuedConnection);
    m_worker = worker;
    linkWorkerToVoice();
}

void ConversationController::linkWorkerToVoice() {
    if (!m_worker || !m_voice) return;
    using voice::VoiceLoop;
    connect(m_worker, &InferenceWorker::voiceText, m_voice, &VoiceLoop::appendAnswerText,
            Qt::QueuedConnection);
    connect(m_worker, &InferenceWorker::voiceFinished, m_voice, &VoiceLoop::finishAnswer,
            Qt::QueuedConnection);
    connect(m_worker, &InferenceWorker::voiceFailed, m_voice, &VoiceLoop::failAnswer, Qt::QueuedConnection);
}

void ConversationController::connectVoice(voice::VoiceLoop* voice) {
    using voice::VoiceLoop;
    connect(voice, &VoiceLoop::questionReady, this, &ConversationController::onVoiceQuestion,
            Qt::QueuedConnection);
    connect(voice, &VoiceLoop::heardSoFar, this, &ConversationController::onVoiceHeard, Qt::QueuedConnection);
    connect(voice, &VoiceLoop::cancelGenerationRequested, this, &ConversationController::onVoiceCancel,
            Qt::QueuedConnection);
    connect(voice, &VoiceLoop::newConversationRequested, this, &ConversationController::newConversation,
            Qt::QueuedConnection);
    connect(voice, &VoiceLoop::turnFinished, this, &ConversationController::onVoiceTurnFinished,
            Qt::QueuedConnection);
    connect(this, &ConversationController::voiceAnswerFailed, voice, &VoiceLoop::failAnswer,
            Qt::QueuedConnection);
    m_voice = voice;
    linkWorkerToVoice();
}

void ConversationController::setModelLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit modelChanged();
}

void ConversationController::onModelLoaded(const LoadedModel& model) {
    m_loading = false;
    m_model = model;
    m_modelError.clear();
    emit modelChanged();
    emit modelLoaded(model);
    prepareQuestion(QString(), false);  // the system prompt, before the first question
}

void ConversationController::prepareQuestion(const QString& words, bool wholeQuestion) {
    if (!modelReady() || m_paused || m_activeRequest) return;
    GenerationRequest request;
    request.conversation = historyForModel();
    request.conversation.append({QStringLiteral("user"), words});
    request.sampling = sampling();
    if (m_prepareCancel) m_prepareCancel->store(true);  // superseded by these words
    m_prepareCancel = std::make_shared<std::atomic<bool>>(false);
    request.cancel = m_prepareCancel;
    emit requestPrepare(request, wholeQuestion);
}

void ConversationController::onVoiceHeard(int, const QString& words, bool wholeQuestion) {
    // A deep-think question is not answered by the local model: computing its prompt ahead would only
    // delay the request to the endpoint on the inference thread.
    if (parseDeepThinkRequest(words.toStdString())) return;
    prepareQuestion(words, wholeQuestion);
}

QList<ChatTurn> ConversationController::historyForModel() const {
    QList<ChatTurn> turns;
    if (!m_config.systemPrompt.isEmpty()) turns.append({QStringLiteral("system"), m_config.systemPrompt});
    for (int i = 0; i < m_messages->rowCount(); ++i) {
        const MessageRecord& m = m_messages->at(i);
        if (m_messages->isStreaming(i) || m.text.isEmpty() || m.stopReason == StopReason::Error) continue;
        if (m.role == QLatin1String("user") || m.role == QLatin1String("assistant"))
            turns.append({m.role, m.text});
    }
    return turns;
}

void ConversationController::setPaused(bool paused, const QString& reason) {
    const QString why = reason.isEmpty() ? tr("Answers are paused.") : reason;
    if (paused) {
        m_paused = true;
        m_pauseReason = why;
        if (generating()) stop();
        setError(why);
    } else if (m_paused) {
        m_paused = false;
        if (m_error == m_pauseReason) setError({});
        m_pauseReason.clear();
    }
}

void ConversationController::stop() {
    if (!m_activeRequest) return;
    auto it = m_pending.find(m_activeRequest);
    if (it != m_pending.end()) {
        it->cancel->store(true);
        it->record.stopReason = StopReason::Cancelled;
        if (it->row >= 0) m_messages->update(it->row, it->record, false);
    }
    qCInfo(lcInference) << "stopped answer" << m_activeRequest;
    m_liveTokPerSec = 0;
    setActiveRequest(0);
    emit statsChanged();
}

void ConversationController::onTokens(qint64 requestId, const QString& text, int generatedSoFar) {
    auto it = m_pending.find(requestId);
    if (it == m_pending.end() || it->cancel->load()) return;  // stopped: the bubble no longer grows
    it->record.text += text;
    if (it->row >= 0) m_messages->appendText(it->row, text);
    // The live and last speeds are the board's (the status bar, the thermal governor): a remote answer's are
    // shown only under its bubble.
    if (it->deepThink) return;
    if (!it->sinceFirstToken.isValid()) {
        it->sinceFirstToken.start();
    } else if (generatedSoFar > 1) {
        const double s = static_cast<double>(it->sinceFirstToken.nsecsElapsed()) / 1e9;
        if (s > 0.05) {
            m_liveTokPerSec = (generatedSoFar - 1) / s;
            emit statsChanged();
        }
    }
}

void ConversationController::onToolCalls(qint64 requestId, const QString& toolCallsJson) {
    auto it = m_pending.find(requestId);
    if (it == m_pending.end()) return;
    it->record.toolCalls = toolCallsJson;
    if (it->row >= 0) m_messages->update(it->row, it->record, true);
}

void ConversationController::onFinished(qint64 requestId, const GenerationResult& result) {
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
        m_lastTtftMs = result.ttftMs;
        m_lastPromptTokPerSec = result.promptTokPerSec;
        m_lastDecodeTokPerSec = result.decodeTokPerSec;
    }
    complete(requestId, p);
}

void ConversationController::onFailed(qint64 requestId, QString message) {
    auto it = m_pending.find(requestId);
    if (it == m_pending.end()) return;
    Pending p = *it;
    m_pending.erase(it);
    qCWarning(lcInference) << "answer failed:" << message;
    p.record.stopReason = StopReason::Error;
    if (p.record.text.isEmpty()) p.record.text = tr("(no answer: %1)").arg(message);
    setError(message);
    complete(requestId, p);
}

void ConversationController::complete(qint64 requestId, Pending p) {
    p.record.finishedAt = QDateTime::currentDateTimeUtc();
    // Queued: answerCompleted follows from onMessageStored once the storage thread has written it.
    const bool queued = p.conversationId != 0 && m_storage;
    if (queued) {
        p.record.id = m_storage->addMessage(p.record);
        m_answersBeingStored.insert(p.record.id, p.record.stopReason);
        touchListRow(p.conversationId);
    }
    if (p.row >= 0 && p.conversationId == m_conversationId) m_messages->update(p.row, p.record, false);
    if (m_activeRequest == requestId) {
        m_liveTokPerSec = 0;
        setActiveRequest(0);
    }
    emit statsChanged();
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

void ConversationController::onVoiceQuestion(int turn, const QString& text) {
    if (!submit(text, false, turn)) {
        emit voiceAnswerFailed(turn, m_error.isEmpty() ? tr("Nothing to ask.") : m_error);
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

void ConversationController::onVoiceCancel(int turn) {
    auto it = m_pending.find(m_activeRequest);
    if (it != m_pending.end() && it->voiceTurn == turn) stop();
}

void ConversationController::onVoiceTurnFinished(const voice::VoiceTimings& timings) {
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

void ConversationController::storeVoiceTimings(int turn) {
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

void ConversationController::updateShownRow(int row, qint64 conversationId, const MessageRecord& record) {
    if (row < 0 || conversationId != m_conversationId || row >= m_messages->rowCount()) return;
    if (m_messages->at(row).id != record.id || m_messages->isStreaming(row)) return;
    m_messages->update(row, record, false);
}

void ConversationController::newConversation() {
    stop();
    for (auto& p : m_pending) p.row = -1;
    m_messages->clear();
    m_conversationId = 0;
    m_conversations->setCurrentId(0);
    setError({});
    emit conversationIdChanged();
}

void ConversationController::openConversation(qint64 id) {
    if (id == m_conversationId) return;
    stop();
    for (auto& p : m_pending) p.row = -1;
    m_messages->clear();
    m_conversationId = id;
    if (m_storage) m_storage->requestMessages(id);  // -> onMessagesLoaded
    m_conversations->setCurrentId(id);
    setError({});
    emit conversationIdChanged();
}

void ConversationController::refreshConversations() {
    if (m_storage) m_storage->requestConversations();  // -> the list model, once at start-up
}

void ConversationController::setModelError(const QString& reason) {
    if (m_modelError == reason) return;
    m_modelError = reason;
    emit modelChanged();
}

void ConversationController::showNotice(const QString& notice) {
    setError(notice);
}

void ConversationController::setError(const QString& error) {
    if (m_error == error) return;
    m_error = error;
    emit errorChanged();
}

void ConversationController::setActiveRequest(qint64 id) {
    if (m_activeRequest == id) return;
    m_activeRequest = id;
    emit generatingChanged();
}

}  // namespace peregrine
