// The app's tools: buildToolRegistry() fills a registry with the timers, reminders, notes, conversions,
// date/time, board state and "what can you do", and the direct commands for the timers. Other tool sets
// (the vehicle's devices) are added by their own function taking the same ToolRegistry&, called after this
// one (what_can_you_do lists whatever the registry holds when it is asked).
// ToolService owns a registry, its "tools" thread, the ToolRunner and the TimerScheduler on it: the one
// object the app and `peregrine-cli voice` create.
// Thread: buildToolRegistry() on any thread (it touches no disk: the store opens on first use). ToolService:
// create, start and destroy on one thread (the UI thread in the app); its runner and scheduler live on the
// tools thread and are reached through queued signals and ToolRunner::submit().
#pragma once

#include <QObject>
#include <QThread>
#include <memory>

#include "tools/info_tools.h"
#include "tools/timer_scheduler.h"
#include "tools/tool_registry.h"
#include "tools/tool_runner.h"
#include "tools/tool_store.h"

namespace peregrine::tools {

struct ToolEnvironment {
    ToolContext context;                                // the database (timers, notes) and the wall clock
    std::shared_ptr<const BoardStateCache> boardState;  // null: board_state says it knows nothing
};

// The environment of the app and the CLI: the tools' own connection to databasePath, the system clock.
ToolEnvironment toolEnvironment(const QString& databasePath,
                                std::shared_ptr<const BoardStateCache> boardState = nullptr);

void buildToolRegistry(ToolRegistry& registry, const ToolEnvironment& environment);

class ToolService : public QObject {
    Q_OBJECT
public:
    // registry: filled (buildToolRegistry and any other sets), then only read.
    ToolService(std::unique_ptr<ToolRegistry> registry, ToolContext context, QObject* parent = nullptr);
    ~ToolService() override;  // stops the tools thread and joins it

    const ToolRegistry* registry() const { return m_registry.get(); }
    ToolRunner* runner() const { return m_runner; }
    TimerScheduler* scheduler() const { return m_scheduler; }
    // Starts the tools thread; there the scheduler announces the missed timers, then polls. Connect to
    // scheduler()->alert before calling this.
    void start();

private:
    std::unique_ptr<ToolRegistry> m_registry;
    std::shared_ptr<ToolStore> m_store;  // closed on the tools thread at shutdown
    QThread m_thread;
    ToolRunner* m_runner;         // lives on m_thread; deleted when it finishes
    TimerScheduler* m_scheduler;  // lives on m_thread; deleted when it finishes
};

}  // namespace peregrine::tools
