// ConversationController: asking. send() routes a question (DeepThinkRouter: the local model, the deep-think
// endpoint, or unavailable with a reason) and ask() stores, shows and sends it. Thread: UI thread.
#include <QUrl>

#include "inference/conversation_controller.h"
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

void ConversationController::setDeepThinkConfig(const DeepThinkConfig& config) {
    const bool was = m_router.enabled();
    m_router = DeepThinkRouter(config);
    if (was != m_router.enabled()) emit deepThinkChanged();
}

bool ConversationController::send(const QString& text, bool deepThink) {
    return submit(text, deepThink, -1);
}

bool ConversationController::submit(const QString& text, bool deepThink, int voiceTurn) {
    const QString typed = text.trimmed();
    if (typed.isEmpty()) return false;
    if (voiceTurn < 0 && !deepThink && runDirectCommand(typed)) return true;  // no model needed
    if (m_paused) {
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
    if (!modelReady()) {
        setError(m_loading ? tr("The model is still loading.") : tr("No model is loaded."));
        return false;
    }
    ask(typed, nullptr, voiceTurn);
    return true;
}

void ConversationController::ensureConversation(const QString& question) {
    if (m_conversationId != 0 || !m_storage) return;
    // A key until the storage thread reports the id (onConversationCreated).
    ConversationRecord c;
    c.title = titleFor(question);
    c.model = m_model.name;
    c.createdAt = c.updatedAt = QDateTime::currentDateTimeUtc();
    c.id = m_storage->createConversation(c.title, c.model);
    m_conversationId = c.id;
    m_conversations->upsertFirst(c);
    m_conversations->setCurrentId(m_conversationId);
    emit conversationIdChanged();
}

void ConversationController::ask(const QString& question, const DeepThinkDecision* remote, int voiceTurn) {
    if (generating()) stop();
    setError({});
    ensureConversation(question);
    MessageRecord user;
    user.conversationId = m_conversationId;
    user.role = QStringLiteral("user");
    user.text = question;
    user.createdAt = QDateTime::currentDateTimeUtc();
    if (remote) user.route = QString::fromLatin1(kDeepThinkRoute);
    if (m_conversationId != 0) user.id = m_storage->addMessage(user);
    touchListRow(m_conversationId);
    const int userRow = m_messages->append(user);

    const qint64 requestId = m_nextRequestId++;
    Pending p;
    p.conversationId = m_conversationId;
    p.record.conversationId = m_conversationId;
    p.record.role = QStringLiteral("assistant");
    p.record.model = remote ? deepThinkModelLabel(remote->endpoint) : m_model.name;
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
    p.row = m_messages->append(p.record, true);
    m_pending.insert(requestId, p);
    m_liveTokPerSec = 0;
    setActiveRequest(requestId);
    emit statsChanged();
    // A prepare still queued would only compute what this request computes (or stale words) first.
    if (m_prepareCancel) m_prepareCancel->store(true);
    if (remote)
        emit requestGenerateRemote(request, remote->endpoint);
    else
        emit requestGenerate(request);
}

}  // namespace peregrine
