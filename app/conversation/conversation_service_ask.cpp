// ConversationService: asking. send() routes a question (DeepThinkRouter: the local model, the deep-think
// endpoint, or unavailable with a reason), ask() stores, shows and sends it, prepareQuestion() computes the
// prompt of the words heard so far ahead of the question. Thread: the service's.
#include <QUrl>
#include <algorithm>

#include "conversation/conversation_service.h"
#include "logging/logging.h"
#include "storage/storage_service.h"

namespace peregrine {

namespace {

QString titleFor(const QString& text) {
    QString t = text.simplified();
    if (t.size() > 48) t = t.left(47) + QChar(0x2026);
    return t;
}

QList<ChatTurn> toTurns(const std::vector<ChatMessage>& messages) {
    QList<ChatTurn> turns;
    for (const ChatMessage& m : messages)
        turns.append({QString::fromStdString(m.role), QString::fromStdString(m.content)});
    return turns;
}

// The name shown on a deep-think answer until the server names its model: the configured model, else the
// endpoint's host.
QString deepThinkModelLabel(const OpenAiEndpoint& endpoint) {
    if (!endpoint.model.empty()) return QString::fromStdString(endpoint.model);
    return QUrl(QString::fromStdString(endpoint.url)).host();
}

}  // namespace

void ConversationService::setDeepThinkConfig(const DeepThinkConfig& config) {
    m_router = DeepThinkRouter(config);
    if (m_state.deepThinkEnabled == m_router.enabled()) return;
    m_state.deepThinkEnabled = m_router.enabled();
    publish();
}

void ConversationService::send(const QString& text, bool deepThink) {
    if (!submit(text, deepThink, -1)) emit questionRefused(text, m_state.error);
}

SamplingSettings ConversationService::sampling() const {
    SamplingSettings s;
    s.maxTokens =
        m_governorMaxTokens > 0 ? std::min(m_config.maxTokens, m_governorMaxTokens) : m_config.maxTokens;
    s.temperature = m_config.temperature;
    s.topP = m_config.topP;
    s.topK = m_config.topK;
    s.minP = m_config.minP;
    s.repeatPenalty = m_config.repeatPenalty;
    return s;
}

QList<ChatTurn> ConversationService::historyForModel() const {
    QList<ChatTurn> turns;
    if (!m_config.systemPrompt.isEmpty()) turns.append({QStringLiteral("system"), m_config.systemPrompt});
    for (int i = 0; i < m_rows.rowCount(); ++i) {
        const MessageRecord& m = m_rows.at(i);
        if (m_rows.isStreaming(i) || m.text.isEmpty() || m.stopReason == StopReason::Error) continue;
        if (m.role == QLatin1String("user") || m.role == QLatin1String("assistant"))
            turns.append({m.role, m.text});
    }
    return turns;
}

void ConversationService::prepareQuestion(const QString& words, bool wholeQuestion) {
    if (!m_state.modelReady() || m_state.paused || m_activeRequest) return;
    GenerationRequest request;
    request.conversation = historyForModel();
    request.conversation.append({QStringLiteral("user"), words});
    request.sampling = sampling();
    if (m_prepareCancel) m_prepareCancel->store(true);  // superseded by these words
    m_prepareCancel = std::make_shared<std::atomic<bool>>(false);
    request.cancel = m_prepareCancel;
    emit requestPrepare(request, wholeQuestion);
}

bool ConversationService::submit(const QString& text, bool deepThink, int voiceTurn) {
    const QString typed = text.trimmed();
    if (typed.isEmpty()) return false;
    if (voiceTurn < 0 && !deepThink && runDirectCommand(typed)) return true;  // no model needed
    if (m_state.paused) {
        setError(m_pauseReason);
        return false;
    }
    // Reads the API key file for a deep-think question (a small file read on this thread).
    const DeepThinkDecision d =
        m_router.route(typed.toStdString(), deepThink, m_config.systemPrompt.toStdString());
    switch (d.route) {
        case DeepThinkDecision::Route::Unavailable:
            qCInfo(lcInference) << "deep think unavailable:" << d.reason.c_str();
            setError(tr("Deep think is not available: %1").arg(QString::fromStdString(d.reason)));
            return false;
        case DeepThinkDecision::Route::Remote:
            qCInfo(lcInference) << "deep think: question sent to" << d.endpoint.url.c_str();
            ask(QString::fromStdString(d.question), &d, voiceTurn);
            return true;
        case DeepThinkDecision::Route::Local:
            break;
    }
    if (!m_state.modelReady()) {
        setError(m_state.loading ? tr("The model is still loading.") : tr("No model is loaded."));
        return false;
    }
    ask(typed, nullptr, voiceTurn);
    return true;
}

void ConversationService::ensureConversation(const QString& question) {
    if (m_state.conversationId != 0 || !m_storage) return;
    // A key until the storage thread reports the id (onConversationCreated).
    ConversationRecord c;
    c.title = titleFor(question);
    c.model = m_state.model.name;
    c.createdAt = c.updatedAt = QDateTime::currentDateTimeUtc();
    c.id = m_storage->createConversation(c.title, c.model);
    m_state.conversationId = c.id;
    upsertConversation(c);
    setCurrentConversation(c.id);
    publish();
}

void ConversationService::ask(const QString& question, const DeepThinkDecision* remote, int voiceTurn) {
    if (m_activeRequest) stop();
    m_state.error.clear();
    ensureConversation(question);
    MessageRecord user;
    user.conversationId = m_state.conversationId;
    user.role = QStringLiteral("user");
    user.text = question;
    user.createdAt = QDateTime::currentDateTimeUtc();
    if (remote) user.route = QString::fromLatin1(kDeepThinkRoute);
    if (m_state.conversationId != 0) user.id = m_storage->addMessage(user);
    touchListRow(m_state.conversationId);
    const int userRow = appendRow(user);

    const qint64 requestId = m_nextRequestId++;
    Pending p;
    p.conversationId = m_state.conversationId;
    p.record.conversationId = m_state.conversationId;
    p.record.role = QStringLiteral("assistant");
    p.record.model = remote ? deepThinkModelLabel(remote->endpoint) : m_state.model.name;
    p.record.route = user.route;
    p.record.createdAt = QDateTime::currentDateTimeUtc();
    p.deepThink = remote != nullptr;
    p.cancel = std::make_shared<std::atomic<bool>>(false);
    p.user = user;
    p.userRow = userRow;
    p.voiceTurn = voiceTurn;

    GenerationRequest request;
    request.requestId = requestId;
    request.conversation = remote ? toTurns(remote->request) : historyForModel();
    request.sampling = sampling();
    request.cancel = p.cancel;
    request.voiceTurn = voiceTurn;  // the worker speaks it through the voice loop directly
    p.row = appendRow(p.record, true);
    m_pending.insert(requestId, p);
    m_state.liveTokPerSec = 0;
    setActiveRequest(requestId);
    publish();
    // A prepare still queued would only compute what this request computes (or stale words) first.
    if (m_prepareCancel) m_prepareCancel->store(true);
    if (remote)
        emit requestGenerateRemote(request, remote->endpoint);
    else
        emit requestGenerate(request);
}

}  // namespace peregrine
