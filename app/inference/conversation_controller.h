// ConversationController: the open conversation and its exchange with the InferenceWorker. Sends requests to
// the worker only through queued signals (connectWorker()), streams the answer into its MessageListModel,
// persists user and assistant messages with their timings through the StorageService (queued writes on the
// storage thread: nothing here waits on SQLite), opens past conversations (the rows arrive as a reply) and
// stops an answer at once (the bubble stops growing immediately; the partial answer is stored with stop
// reason "cancelled" when the worker confirms).
//
// Deep think (setDeepThinkConfig()): a question asked with a deep-think prefix ("deep think: why ...", typed
// or spoken) or with the deep-think button is routed by DeepThinkRouter. Remote: the text (system prompt and
// question, no audio) goes to the configured endpoint through the worker (generateRemote) and the answer
// streams, is spoken and stored like a local one, marked route "deep think" with the remote model's name.
// Unavailable (off, no endpoint, no key, no question): the reason is shown on the error line (and spoken for
// a voice question) and the question is not answered at all, not silently by the local model: the typed text
// stays in the field for a plain send. Anything else goes to the local model unchanged.
//
// Tools: the worker runs the tool calls of an answer (InferenceWorker::setTools); each call and its result
// show under the answer's bubble and are stored with it (MessageRecord::toolCalls). Only the answer's words
// are spoken.
//
// Voice (connectVoice()): a spoken question from the VoiceLoop is sent like a typed one; the answer's text,
// end and failure go back to the loop for speaking, and the turn's timings are stored with the messages
// (user: sttMs; assistant: firstAudioMs = end of speech to first audio) once both the turn and the answer
// have ended, in whichever order they end.
//
// The list models are mirrors: the conversation list is loaded once (refreshConversations()) and then
// updated row by row as messages are stored; the message list holds the open conversation. Rows written in
// this session carry a storage key (< 0) as their id until the storage thread reports the real one.
//
// Thread: UI thread. Ownership: owns its list models; the StorageService and the worker are not owned and
// must outlive it (the worker lives on another thread: only signals cross).
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include "backends/deep_think_router.h"
#include "config/app_config.h"
#include "inference/deep_think_types.h"
#include "inference/inference_types.h"
#include "storage/records.h"
#include "lists/conversation_list_model.h"
#include "lists/message_list_model.h"
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

class ConversationController : public QObject {
    Q_OBJECT
    Q_PROPERTY(peregrine::MessageListModel* messages READ messages CONSTANT)
    Q_PROPERTY(peregrine::ConversationListModel* conversations READ conversations CONSTANT)
    Q_PROPERTY(qint64 conversationId READ conversationId NOTIFY conversationIdChanged)
    Q_PROPERTY(bool generating READ generating NOTIFY generatingChanged)
    Q_PROPERTY(bool modelReady READ modelReady NOTIFY modelChanged)
    Q_PROPERTY(bool modelLoading READ modelLoading NOTIFY modelChanged)
    Q_PROPERTY(QString modelName READ modelName NOTIFY modelChanged)
    Q_PROPERTY(QString modelPath READ modelPath NOTIFY modelChanged)
    // The runtime that runs the loaded model (Backend::runtimeDescription()) and its kind ("native", ...).
    Q_PROPERTY(QString modelRuntime READ modelRuntime NOTIFY modelChanged)
    Q_PROPERTY(QString modelBackend READ modelBackend NOTIFY modelChanged)
    Q_PROPERTY(QString modelError READ modelError NOTIFY modelChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    // Why history is not being saved (the database is not open, the disk is full, ...); "" when it is.
    Q_PROPERTY(QString storageError READ storageError NOTIFY storageErrorChanged)
    Q_PROPERTY(double liveTokPerSec READ liveTokPerSec NOTIFY statsChanged)
    Q_PROPERTY(double lastTtftMs READ lastTtftMs NOTIFY statsChanged)
    Q_PROPERTY(double lastPromptTokPerSec READ lastPromptTokPerSec NOTIFY statsChanged)
    Q_PROPERTY(double lastDecodeTokPerSec READ lastDecodeTokPerSec NOTIFY statsChanged)
    // deep_think.enabled: the deep-think button is shown (questions with the prefix are routed either way).
    Q_PROPERTY(bool deepThinkEnabled READ deepThinkEnabled NOTIFY deepThinkChanged)

public:
    explicit ConversationController(StorageService* storage, QObject* parent = nullptr);
    ~ConversationController() override;

    // Connects the request signals to the worker's slots and its results back (queued: different threads).
    void connectWorker(InferenceWorker* worker);
    // Connects a voice loop (any thread; queued both ways). Not owned; must outlive this or be destroyed
    // first. Once both a worker and a voice loop are connected, the worker's answers to spoken questions go
    // to the voice loop directly (InferenceWorker::voiceText/voiceFinished/voiceFailed, queued from the
    // inference thread to the voice loop's), not through this (UI) thread.
    void connectVoice(voice::VoiceLoop* voice);
    // Direct tool commands typed in the text box ("set a timer for 5 minutes") run without the model, as
    // spoken ones do; the exchange (question, spoken result) is shown and stored. Spoken tool turns are
    // shown too (from the voice loop's timings). Not owned; runner lives on the tools thread.
    void connectTools(tools::ToolRunner* runner, const tools::ToolRegistry* registry);
    void setInferenceConfig(const InferenceConfig& config) { m_config = config; }
    const InferenceConfig& inferenceConfig() const { return m_config; }
    void setDeepThinkConfig(const DeepThinkConfig& config);
    bool deepThinkEnabled() const { return m_router.enabled(); }

    MessageListModel* messages() const { return m_messages; }
    ConversationListModel* conversations() const { return m_conversations; }
    qint64 conversationId() const { return m_conversationId; }
    bool generating() const { return m_activeRequest != 0; }
    bool modelReady() const { return !m_model.path.isEmpty() && !m_loading; }
    bool modelLoading() const { return m_loading; }
    QString modelName() const { return m_model.name; }
    QString modelRuntime() const { return m_model.backend; }
    QString modelBackend() const { return m_model.backendKind; }
    QString modelPath() const { return m_model.path; }
    QString modelError() const { return m_modelError; }
    const LoadedModel& model() const { return m_model; }
    QString error() const { return m_error; }
    QString storageError() const;
    double liveTokPerSec() const { return m_liveTokPerSec; }
    double lastTtftMs() const { return m_lastTtftMs; }
    double lastPromptTokPerSec() const { return m_lastPromptTokPerSec; }
    double lastDecodeTokPerSec() const { return m_lastDecodeTokPerSec; }

public slots:
    // A model is being verified and loaded while none answers (the switcher's start-up or first switch; a
    // switch beside a loaded model keeps it ready). Models are loaded only through the ModelSwitcher.
    void setModelLoading(bool loading);
    // Paused (the thermal governor at critical): send() refuses new questions with `reason` as the error, and
    // a running answer is stopped. Unpausing clears that error.
    void setPaused(bool paused, const QString& reason = {});
    // A message about the model for the conversation page's error line ("" clears it).
    void showNotice(const QString& notice);
    // Why no model is answering (a switch that failed before any model loaded); cleared when one loads.
    void setModelError(const QString& reason);
    // deepThink: the deep-think button was used. False (with error set) when the question cannot be asked:
    // empty, paused, no model ready for a local question, deep think unavailable for a deep-think one.
    bool send(const QString& text, bool deepThink = false);
    void stop();
    void newConversation();
    void openConversation(qint64 id);
    void refreshConversations();

signals:
    void conversationIdChanged();
    void generatingChanged();
    void modelChanged();
    void errorChanged();
    void storageErrorChanged();
    void statsChanged();
    void deepThinkChanged();
    void modelLoaded(const peregrine::LoadedModel& model);
    // An answer ended (finished, stopped or failed) and its write has run on the storage thread (stored = it
    // succeeded; messageId is then the database id).
    void answerCompleted(qint64 messageId, bool stored, peregrine::StopReason stopReason);

    // To the worker (queued).
    void requestGenerate(const peregrine::GenerationRequest& request);
    void requestPrepare(const peregrine::GenerationRequest& request, bool wholeQuestion);
    void requestGenerateRemote(const peregrine::GenerationRequest& request,
                               const peregrine::OpenAiEndpoint& endpoint);

    // To the voice loop (queued): a spoken question that was not sent (no model, paused, deep think not
    // available). Answers to sent questions reach the loop from the worker.
    void voiceAnswerFailed(int turn, const QString& message);

private slots:
    void onModelLoaded(const peregrine::LoadedModel& model);
    void onTokens(qint64 requestId, const QString& text, int generatedSoFar);
    void onFinished(qint64 requestId, const peregrine::GenerationResult& result);
    void onFailed(qint64 requestId, QString message);
    // The answer's tool calls so far (InferenceWorker::toolCalls): shown under its bubble, stored with it.
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
    tools::ToolRunner* m_toolRunner = nullptr;
    const tools::ToolRegistry* m_tools = nullptr;
    QHash<int, QString> m_toolQuestions;  // tag (< 0) of a typed tool call -> what was typed
    int m_nextToolTag = -1000;
    struct Pending {
        qint64 conversationId = 0;
        int row = -1;  // row in m_messages while that conversation is shown; -1 after switching away
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
    QList<ChatTurn> historyForModel() const;
    SamplingSettings sampling() const;  // from the inference config
    // send() for a question of voice turn voiceTurn (-1: typed): the worker speaks the answer through the
    // voice loop directly.
    bool submit(const QString& text, bool deepThink, int voiceTurn);
    // Stores and shows the question, then sends it: to the loaded model with the conversation's history, or
    // (remote non-null) to the deep-think endpoint with remote->request. Checks are done by submit().
    void ask(const QString& question, const DeepThinkDecision* remote, int voiceTurn);
    // Asks the worker to compute ahead the prompt of a question `words` (possibly "") in this conversation.
    void prepareQuestion(const QString& words, bool wholeQuestion);
    void setError(const QString& error);
    // A typed direct tool command (or the reply to a tool's question): true when it was handed to the runner.
    bool runDirectCommand(const QString& text);
    // Shows and stores a question and its answer that did not come from the model (tools).
    void addExchange(const QString& question, const QString& answer, const voice::VoiceTimings* timings);
    void ensureConversation(const QString& question);  // a stored conversation, titled by its first question
    void setActiveRequest(qint64 id);
    void complete(qint64 requestId, Pending pending);
    void storeVoiceTimings(int turn);
    void updateShownRow(int row, qint64 conversationId, const MessageRecord& record);
    // The conversation list's row for the open conversation, moved first (a message was added).
    void touchListRow(qint64 conversationId);

    StorageService* m_storage;
    MessageListModel* m_messages;
    ConversationListModel* m_conversations;
    InferenceConfig m_config;
    DeepThinkRouter m_router{DeepThinkConfig{}};
    LoadedModel m_model;
    bool m_loading = false;
    bool m_paused = false;
    QString m_pauseReason;
    QString m_modelError;
    QString m_error;
    qint64 m_conversationId = 0;
    qint64 m_nextRequestId = 1;
    qint64 m_activeRequest = 0;
    // The newest queued prepare: set when a newer prepare or a question supersedes it, so that a prepare
    // still waiting on the inference thread is skipped instead of delaying the answer (it checks before
    // starting).
    CancelFlag m_prepareCancel;
    // Connected by connectWorker()/connectVoice(); the worker's voice signals are linked once both are set.
    InferenceWorker* m_worker = nullptr;
    voice::VoiceLoop* m_voice = nullptr;
    void linkWorkerToVoice();
    QHash<qint64, Pending> m_pending;
    QHash<int, VoiceTurnLink> m_voiceTurns;
    QHash<qint64, StopReason> m_answersBeingStored;  // storage key -> stop reason, until messageStored
    double m_liveTokPerSec = 0, m_lastTtftMs = 0, m_lastPromptTokPerSec = 0, m_lastDecodeTokPerSec = 0;
};

}  // namespace peregrine
