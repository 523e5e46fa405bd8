// ToolRunner: runs tool calls (from a direct command, the language model or the CLI) on the tools thread and
// logs every call and result (peregrine.tools). A call whose tool needsConfirmation() is not run at once: the
// runner answers with the question ("Turn on the heater? Say yes to confirm.") and waits for the driver's
// next transcript, handed to answerConfirmation(): "yes" / "confirm" / "do it" (and a few synonyms) runs
// the call, anything else cancels it ("Cancelled."), and so does silence for confirmationTimeout() (10 s;
// notice("Cancelled.") then). A new call while one waits replaces it. Any tool that overrides
// needsConfirmation() (the vehicle's heater, awning, pump) gets this flow with no further code.
//
// Thread: lives on the tools thread (ToolService). run()/answerConfirmation() are slots: call them queued
// from any thread (submit() does); finished() and notice() are emitted on the tools thread.
// awaitingConfirmation() is an atomic, safe to read from any thread (the voice thread does, per transcript).
#pragma once

#include <QObject>
#include <QTimer>
#include <atomic>

#include "tools/tool_registry.h"

namespace peregrine::tools {

class ToolRunner : public QObject {
    Q_OBJECT
public:
    // registry: not owned, filled before the runner is used, outlives it.
    explicit ToolRunner(const ToolRegistry* registry, QObject* parent = nullptr);

    const ToolRegistry* registry() const { return m_registry; }
    void setConfirmationTimeout(int ms) {  // before the first call (tools thread after that)
        m_timeoutMs = ms;
        m_timeout.setInterval(ms);
    }
    int confirmationTimeout() const { return m_timeoutMs.load(); }  // any thread
    bool awaitingConfirmation() const { return m_awaiting.load(); }

    // Thread-safe: queues run() on the runner's thread.
    void submit(int turn, const peregrine::tools::ToolCall& call);
    // True for a transcript that confirms ("yes", "yes please", "confirm", "do it", "go ahead", ...).
    static bool isConfirmation(const QString& transcript);
    // The question for a call that needs confirmation, with " Say yes to confirm.".
    static QString confirmationQuestion(const Tool& tool, const QJsonObject& arguments);

public slots:
    // turn: the caller's tag, passed back with the result (the voice turn; any number elsewhere).
    void run(int turn, const peregrine::tools::ToolCall& call);
    // The driver's reply to the question; finished() carries the call's result or "Cancelled.".
    void answerConfirmation(int turn, const QString& transcript);
    void cancelConfirmation();  // silently, e.g. "stop"

signals:
    void finished(int turn, const peregrine::tools::ToolCall& call,
                  const peregrine::tools::ToolResult& result);
    void notice(const QString& text);  // "Cancelled." after the confirmation timed out
    void confirmationChanged(bool awaiting);

private:
    void invokeNow(int turn, const ToolCall& call);
    void setAwaiting(bool awaiting);
    void onTimeout();

    const ToolRegistry* m_registry;
    QTimer m_timeout;
    ToolCall m_pending;
    std::atomic<bool> m_awaiting{false};
    std::atomic<int> m_timeoutMs{10000};
};

}  // namespace peregrine::tools
