// Tools that tell rather than do: date_time, board_state (temperature, current model, speed of the last
// answer), what_can_you_do (the registry's tools and the cab commands).
// Thread: invoke() on the tools thread. BoardStateCache is written by whoever observes the services (the UI
// thread's StatusController in the app, a cheap copy under a mutex) and read here without waiting on that
// thread.
#pragma once

#include <QMutex>
#include <optional>

#include "tools/tool.h"
#include "tools/tool_registry.h"
#include "tools/tool_store.h"

namespace peregrine::tools {

struct BoardState {
    std::optional<double> temperatureC;     // hottest relevant thermal zone
    QString thermalLevel;                   // "nominal", "warm", "hot", "critical" ("" unknown)
    QString model;                          // display name of the loaded model ("" none)
    std::optional<double> decodeTokPerSec;  // of the last answer
};

// Thread-safe holder of the latest BoardState.
class BoardStateCache {
public:
    void setTemperature(double celsius, const QString& level);
    void setModel(const QString& model);
    void setDecodeSpeed(double tokPerSec);
    BoardState snapshot() const;

private:
    mutable QMutex m_mutex;
    BoardState m_state;
};

class DateTimeTool : public Tool {
public:
    explicit DateTimeTool(WallClock clock) : m_clock(std::move(clock)) {}
    QString name() const override { return QStringLiteral("date_time"); }
    QString description() const override { return QStringLiteral("Tells the current local date and time."); }
    QJsonObject parameters() const override;
    ToolResult invoke(const QJsonObject& arguments) override;

private:
    WallClock m_clock;
};

class BoardStateTool : public Tool {
public:
    explicit BoardStateTool(std::shared_ptr<const BoardStateCache> cache) : m_cache(std::move(cache)) {}
    QString name() const override { return QStringLiteral("board_state"); }
    QString description() const override;
    QJsonObject parameters() const override;
    ToolResult invoke(const QJsonObject& arguments) override;

private:
    std::shared_ptr<const BoardStateCache> m_cache;  // null: nothing known
};

class WhatCanYouDoTool : public Tool {
public:
    // registry: not owned, the one this tool is in (read at invoke time, so tools added later are listed).
    explicit WhatCanYouDoTool(const ToolRegistry* registry) : m_registry(registry) {}
    QString name() const override { return QStringLiteral("what_can_you_do"); }
    QString description() const override;
    QJsonObject parameters() const override;
    ToolResult invoke(const QJsonObject& arguments) override;

private:
    const ToolRegistry* m_registry;
};

}  // namespace peregrine::tools
