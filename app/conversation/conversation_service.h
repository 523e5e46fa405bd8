// ConversationService: the conversation core. It lives on its own thread ("conversation", owned by the
// ConversationController) and owns what a conversation is made of: the request ids, the history sent to the
// model, the open conversation's messages and the conversation list, the link between voice turns and
// requests, the thermal governor's pause / answer-length / fallback policy, deep-think routing, typed tool
// commands, and the writes to storage (queued on the storage thread: nothing here waits on SQLite).
//
// Everything reaches it as queued calls or signals: questions and stops from the UI (through the
// ConversationController), spoken questions from the voice loop's thread, tokens and ends from the inference
// thread, tool results from the tools thread, storage replies. Spoken answers never come here: the worker
// streams them to the voice loop itself (GenerationRequest::voiceTurn).
//
// What the UI shows goes out as queued signals to a read-only mirror (ConversationController): the state
// (stateChanged, a whole ConversationState whenever a field changes; the live speed at most every 100 ms)
// and the list operations on the open conversation's messages and on the conversation list, applied by the
// mirror in the same order to its list models. Tokens are coalesced: the text of one answer is sent at most
// every 40 ms (and before any other operation, so the order holds).
//
// Deep think: a question asked with a deep-think prefix or the deep-think button is routed by DeepThinkRouter
// (remote: the text goes to the endpoint through the worker; unavailable: refused with the reason). Tools: a
// typed direct command runs on the ToolRunner without the model; an answer's tool calls are shown and stored
// with it. Voice: a spoken question is asked like a typed one; the turn's timings are stored with the
// messages once both the turn and the answer have ended, in whichever order.
//
// Thread: every member runs on the service's thread after the controller has moved it there (the connect*()
// calls are made before, from the creating thread). Not owned: the StorageService, worker, voice loop and
// tool runner, which must outlive it.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include "backends/deep_think_router.h"
#include "config/app_config.h"
#include "conversation/conversation_state.h"
#include "inference/deep_think_types.h"
#include "inference/inference_types.h"
#include "lists/conversation_list_model.h"
#include "lists/message_list_model.h"
#include "storage/records.h"
#include "voice/voice_timings.h"

namespace peregrine::tools {
class ToolRegistry;
class ToolRunner;
struct ToolCall;
struct ToolResult;
}  // namespace peregrine::tools

namespace peregrine::voice {
class VoiceLoop;
}

namespace peregrine {

class InferenceWorker;
class StorageService;

class ConversationService : public QObject {
    Q_OBJECT

public:
    explicit ConversationService(StorageService* storage, QObject* parent = nullptr);
    ~ConversationService() override;

    // Wiring, before the service moves to its thread (queued both ways). Once both a worker and a voice loop
    // are connected, the worker's answers to spoken questions go to the voice loop directly.
    void connectWorker(InferenceWorker* worker);
    void connectVoice(voice::VoiceLoop* voice);
    void connectTools(tools::ToolRunner* runner, const tools::ToolRegistry* registry);

public slots:
    // A typed question (deepThink: the deep-think button). Refused (empty, paused, no model, deep think
    // unavailable): questionRefused(text, reason) and the error line says why.
    void send(const QString& text, bool deepThink);
    void stop();
    void newConversation();
    void openConversation(qint64 id);
    void refreshConversations();
    void setInferenceConfig(const peregrine::InferenceConfig& config);
    void setDeepThinkConfig(const peregrine::DeepThinkConfig& config);
    // A model is being verified and loaded while none answers (a switch beside a loaded model keeps it
    // ready). Models are loaded only through the ModelSwitcher.
    void setModelLoading(bool loading);
    // Why no model is answering (a switch that failed before any model loaded); cleared when one loads.
    void setModelError(const QString& reason);
    // A message about the model for the error line ("" clears it).
    void showNotice(const QString& notice);
    // The governor's policy. Paused (critical heat): the running answer stops and questions are refused
    // with `reason` until unpaused. Max tokens: answers are capped at maxTokens (0: no cap).
    void setPaused(bool paused, const QString& reason);
    void setGovernorMaxTokens(int maxTokens);
    // The governor's fallback: path (resolved in the models folders) is run instead of the user's model,
    // which is remembered; "" switches back to it. Asks the switcher through switchRequested().
    void setFallbackModel(const QString& path);

signals:
    // To the mirror (queued, applied in order).
    void stateChanged(const peregrine::ConversationState& state);
    void rowsReset(const QList<peregrine::MessageRecord>& messages);
    void rowAppended(const peregrine::MessageRecord& message, bool streaming);
    void rowTextAppended(int row, const QString& text);
    void rowUpdated(int row, const peregrine::MessageRecord& message, bool streaming);
    void conversationsReset(const QList<peregrine::ConversationRecord>& conversations);
    void conversationUpserted(const peregrine::ConversationRecord& conversation);  // moved first
    void conversationIdReplaced(qint64 key, qint64 id);
    void currentConversationChanged(qint64 id);
    void questionRefused(const QString& text, const QString& reason);
    void modelLoaded(const peregrine::LoadedModel& model);
    // An answer ended (finished, stopped or failed) and its write has run on the storage thread (stored = it
    // succeeded; messageId is then the database id).
    void answerCompleted(qint64 messageId, bool stored, peregrine::StopReason stopReason);
    // To the switcher: load this model (verified, beside the running one).
    void switchRequested(const QString& path);

    // To the worker (queued).
    void requestGenerate(const peregrine::GenerationRequest& request);
    void requestPrepare(const peregrine::GenerationRequest& request, bool wholeQuestion);
    void requestGenerateRemote(const peregrine::GenerationRequest& request,
                               const peregrine::OpenAiEndpoint& endpoint);
    // To the voice loop (queued): a spoken question that was not sent.
    void voiceAnswerFailed(int turn, const QString& message);

private slots:
    void onModelLoaded(const peregrine::LoadedModel& model);
    void onTokens(qint64 requestId, const QString& text, int generatedSoFar);
    void onFinished(qint64 requestId, const peregrine::GenerationResult& result);
    void onFailed(qint64 requestId, QString message);
    void onToolCalls(qint64 requestId, const QString& toolCallsJson);
    void onVoiceQuestion(int turn, const QString& text);
    void onVoiceHeard(int turn, const QString& words, bool wholeQuestion);
    void onVoiceCancel(int turn);
    void onVoiceTurnFinished(const peregrine::voice::VoiceTimings& timings);
    void onToolFinished(int tag, const peregrine::tools::ToolCall& call,
                        const peregrine::tools::ToolResult& result);
    void onConversationCreated(qint64 key, qint64 id);
    void onMessageStored(qint64 key, qint64 id);
    void onConversationsLoaded(const QList<peregrine::ConversationRecord>& conversations);
    void onMessagesLoaded(qint64 conversationId, const QList<peregrine::MessageRecord>& messages);

private:
    struct Pending {
        qint64 conversationId = 0;
        int row = -1;  // row of the answer while that conversation is shown; -1 after switching away
        MessageRecord record;
        CancelFlag cancel;
        QElapsedTimer sinceFirstToken;
        MessageRecord user;  // the question, as stored
        int userRow = -1;
        int voiceTurn = -1;      // >= 0: a spoken question of that voice turn
        bool deepThink = false;  // answered by the deep-think endpoint
    };
    // A spoken turn waiting for both its timings and its stored answer.
    struct VoiceTurnLink {
        qint64 conversationId = 0;
        MessageRecord user, answer;
        int userRow = -1, answerRow = -1;
        bool answered = false;
        bool timed = false;
        voice::VoiceTimings timings;
    };

    // Asking (conversation_service_ask.cpp).
    bool submit(const QString& text, bool deepThink, int voiceTurn);  // false: refused, error set
    void ask(const QString& question, const DeepThinkDecision* remote, int voiceTurn);
    void prepareQuestion(const QString& words, bool wholeQuestion);
    void ensureConversation(const QString& question);
    QList<ChatTurn> historyForModel() const;
    SamplingSettings sampling() const;  // the inference config with the governor's cap
    // Answers (conversation_service.cpp).
    void complete(qint64 requestId, Pending pending);
    void setActiveRequest(qint64 id);
    void setError(const QString& error);
    void linkWorkerToVoice();
    // Tools (conversation_service_tools.cpp).
    bool runDirectCommand(const QString& text);
    void addExchange(const QString& question, const QString& answer, const voice::VoiceTimings* timings);
    void storeVoiceTimings(int turn);
    // The shown lists and the mirror (conversation_service_rows.cpp): each applies the operation here and
    // sends it to the mirror.
    int appendRow(const MessageRecord& message, bool streaming = false);
    void appendRowText(int row, const QString& text);  // coalesced
    void updateRow(int row, const MessageRecord& message, bool streaming);
    void resetRows(const QList<MessageRecord>& messages);
    void updateShownRow(int row, qint64 conversationId, const MessageRecord& record);
    void upsertConversation(const ConversationRecord& record);
    void touchListRow(qint64 conversationId);  // a message was added: moved first
    void setCurrentConversation(qint64 id);
    void flushText();                      // the coalesced text, before any other operation
    void publish(bool statsOnly = false);  // the state; stats at most every 100 ms

    StorageService* m_storage;
    MessageListModel m_rows;                // the open conversation, as the mirror shows it
    ConversationListModel m_conversations;  // the list, as the mirror shows it
    ConversationState m_state;
    InferenceConfig m_config;
    DeepThinkRouter m_router{DeepThinkConfig{}};
    QString m_pauseReason;
    int m_governorMaxTokens = 0;    // 0 = no cap
    QString m_modelBeforeFallback;  // the user's model while the governor runs the fallback one
    qint64 m_nextRequestId = 1;
    qint64 m_activeRequest = 0;
    // The newest queued prepare: set when a newer prepare or a question supersedes it, so that a prepare
    // still waiting on the inference thread is skipped instead of delaying the answer.
    CancelFlag m_prepareCancel;
    InferenceWorker* m_worker = nullptr;
    voice::VoiceLoop* m_voice = nullptr;
    tools::ToolRunner* m_toolRunner = nullptr;
    const tools::ToolRegistry* m_tools = nullptr;
    QHash<int, QString> m_toolQuestions;  // tag (< 0) of a typed tool call -> what was typed
    int m_nextToolTag = -1000;
    QHash<qint64, Pending> m_pending;
    QHash<int, VoiceTurnLink> m_voiceTurns;
    QHash<qint64, StopReason> m_answersBeingStored;  // storage key -> stop reason, until messageStored
    // Coalescing towards the mirror.
    QTimer m_flushTimer;
    int m_textRow = -1;
    QString m_text;
    QElapsedTimer m_sinceStats;
    bool m_statsDirty = false;
};

}  // namespace peregrine
