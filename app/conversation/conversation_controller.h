// ConversationController: the conversation page's read-only mirror of the ConversationService (which owns
// the conversation on its own "conversation" thread, see conversation_service.h). It owns that thread and the
// service, forwards the UI's requests to it as queued calls, and shows what the service reports: the state
// (one ConversationState per change) and the list operations, applied in order to the list models QML binds
// to. Nothing here waits on the service, the model, audio or SQLite.
//
// send() only checks that there is text: the service decides (paused, no model, deep think unavailable) and
// a refused question comes back as sendRefused(text) with the reason on the error line, so the view can put
// the text back in the field. stop() sets the answer's cancel flag at once (the worker stops between tokens)
// and the service stores the partial answer with stop reason "cancelled".
//
// Thread: UI thread. Ownership: owns the service, its thread and the list models; the StorageService, worker,
// voice loop and tool runner are not owned and must outlive it.
#pragma once

#include <QObject>
#include <QSet>
#include <QThread>

#include "config/app_config.h"
#include "conversation/conversation_state.h"
#include "lists/conversation_list_model.h"
#include "lists/message_list_model.h"

namespace peregrine::tools {
class ToolRegistry;
class ToolRunner;
}  // namespace peregrine::tools

namespace peregrine::voice {
class VoiceLoop;
}

namespace peregrine {

class ConversationService;
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
    ~ConversationController() override;  // joins the conversation thread

    // Wiring (queued to the service's thread; see ConversationService).
    void connectWorker(InferenceWorker* worker);
    void connectVoice(voice::VoiceLoop* voice);
    void connectTools(tools::ToolRunner* runner, const tools::ToolRegistry* registry);
    void setInferenceConfig(const InferenceConfig& config);
    void setDeepThinkConfig(const DeepThinkConfig& config);
    bool deepThinkEnabled() const { return m_state.deepThinkEnabled; }
    // The service (lives on the "conversation" thread); for connections to its signals and slots.
    ConversationService* service() const { return m_service; }

    MessageListModel* messages() const { return m_messages; }
    ConversationListModel* conversations() const { return m_conversations; }
    qint64 conversationId() const { return m_state.conversationId; }
    bool generating() const { return m_state.generating; }
    bool modelReady() const { return m_state.modelReady(); }
    bool modelLoading() const { return m_state.loading; }
    QString modelName() const { return m_state.model.name; }
    QString modelRuntime() const { return m_state.model.backend; }
    QString modelBackend() const { return m_state.model.backendKind; }
    QString modelPath() const { return m_state.model.path; }
    QString modelError() const { return m_state.modelError; }
    const LoadedModel& model() const { return m_state.model; }
    QString error() const { return m_state.error; }
    QString storageError() const;
    double liveTokPerSec() const { return m_state.liveTokPerSec; }
    double lastTtftMs() const { return m_state.lastTtftMs; }
    double lastPromptTokPerSec() const { return m_state.lastPromptTokPerSec; }
    double lastDecodeTokPerSec() const { return m_state.lastDecodeTokPerSec; }

public slots:
    // Forwarded to the service (queued); see ConversationService for each.
    void setModelLoading(bool loading);
    void setPaused(bool paused, const QString& reason = {});
    void showNotice(const QString& notice);
    void setModelError(const QString& reason);
    void setGovernorMaxTokens(int maxTokens);
    void setFallbackModel(const QString& path);
    // False only for empty text (nothing is sent); a question the service refuses comes back as
    // sendRefused(). deepThink: the deep-think button was used.
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
    // A question the service did not send (the reason is on the error line).
    void sendRefused(const QString& text);
    // The governor's fallback asks the switcher for this model.
    void switchRequested(const QString& path);

private:
    void applyState(const ConversationState& state);

    QThread m_thread;  // "conversation": the service's
    ConversationService* m_service;
    StorageService* m_storage;
    MessageListModel* m_messages;
    ConversationListModel* m_conversations;
    ConversationState m_state;
    bool m_stopping = false;  // stopped here, until the service reports no answer running
    QSet<int> m_stoppedRows;  // stopped here; their text waits for the service's final update
};

}  // namespace peregrine
