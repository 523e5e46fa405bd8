// Timers and reminders as tools: set_timer, set_reminder (a timer with a text), cancel_timer, list_timers.
// Rows live in the timers table (ToolStore); TimerScheduler fires them. Thread: invoke() on the tools thread
// (any thread in the CLI); each is one or two SQLite statements (a write is fsync'ed before it returns, so
// the row is on disk before "Timer set" is said).
#pragma once

#include "tools/tool.h"
#include "tools/tool_store.h"

namespace peregrine::tools {

// What is said about a timer: "your 5 minute timer", "your timer for the load straps", "your reminder to
// check the load straps".
QString describeTimer(const TimerRecord& timer);
// The local wall-clock time of at, as spoken ("14:05").
QString spokenTime(const QDateTime& at);
// Milliseconds of amount in unit ("seconds", "minutes", "hours"); 0 when the unit is unknown.
qint64 durationMs(double amount, const QString& unit);

class SetTimerTool : public ContextTool {
public:
    // reminder: set_reminder (text required, said back when it fires) instead of set_timer.
    SetTimerTool(ToolContext context, bool reminder)
        : ContextTool(std::move(context)), m_reminder(reminder) {}
    QString name() const override;
    QString description() const override;
    QJsonObject parameters() const override;
    ToolResult invoke(const QJsonObject& arguments) override;

private:
    bool m_reminder;
};

class CancelTimerTool : public ContextTool {
public:
    using ContextTool::ContextTool;
    QString name() const override { return QStringLiteral("cancel_timer"); }
    QString description() const override;
    QJsonObject parameters() const override;
    ToolResult invoke(const QJsonObject& arguments) override;
};

class ListTimersTool : public ContextTool {
public:
    using ContextTool::ContextTool;
    QString name() const override { return QStringLiteral("list_timers"); }
    QString description() const override;
    QJsonObject parameters() const override;
    ToolResult invoke(const QJsonObject& arguments) override;
};

}  // namespace peregrine::tools
