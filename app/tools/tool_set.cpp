#include "tools/tool_set.h"

#include "tools/direct_commands.h"
#include "tools/note_tools.h"
#include "tools/timer_tools.h"
#include "tools/unit_conversion.h"

namespace peregrine::tools {

ToolEnvironment toolEnvironment(const QString& databasePath,
                                std::shared_ptr<const BoardStateCache> boardState) {
    ToolEnvironment e;
    e.context.store = std::make_shared<ToolStore>(databasePath);
    e.boardState = std::move(boardState);
    return e;
}

void buildToolRegistry(ToolRegistry& registry, const ToolEnvironment& environment) {
    const ToolContext& c = environment.context;
    registry.addTool(std::make_unique<SetTimerTool>(c, false));
    registry.addTool(std::make_unique<SetTimerTool>(c, true));
    registry.addTool(std::make_unique<CancelTimerTool>(c));
    registry.addTool(std::make_unique<ListTimersTool>(c));
    registry.addTool(std::make_unique<AddNoteTool>(c));
    registry.addTool(std::make_unique<ReadNotesTool>(c));
    registry.addTool(std::make_unique<DeleteNoteTool>(c));
    registry.addTool(std::make_unique<ConvertUnitsTool>());
    registry.addTool(std::make_unique<DateTimeTool>(c.clock));
    registry.addTool(std::make_unique<BoardStateTool>(environment.boardState));
    registry.addTool(std::make_unique<WhatCanYouDoTool>(&registry));
    // Reminders before timers: "remind me to set a timer ..." is a reminder.
    registry.addCommand(std::make_unique<ReminderCommand>());
    registry.addCommand(std::make_unique<TimerCommand>());
    registry.addCommand(std::make_unique<CancelTimerCommand>());
    registry.addCommand(std::make_unique<ListTimersCommand>());
}

ToolService::ToolService(std::unique_ptr<ToolRegistry> registry, ToolContext context, QObject* parent)
    : QObject(parent),
      m_registry(std::move(registry)),
      m_store(context.store),
      m_runner(new ToolRunner(m_registry.get())),
      m_scheduler(new TimerScheduler(std::move(context))) {
    m_thread.setObjectName(QStringLiteral("peregrine-tools"));
    m_runner->moveToThread(&m_thread);
    m_scheduler->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_runner, &QObject::deleteLater);
    connect(&m_thread, &QThread::finished, m_scheduler, &QObject::deleteLater);
}

ToolService::~ToolService() {
    if (!m_thread.isRunning()) {
        delete m_runner;
        delete m_scheduler;
        return;
    }
    // The tools' SQLite connection is closed where it was used, not on this (the UI) thread.
    if (m_store)
        QMetaObject::invokeMethod(
            m_scheduler, [store = m_store] { store->close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void ToolService::start() {
    if (m_thread.isRunning()) return;
    m_thread.start();
    QMetaObject::invokeMethod(m_scheduler, &TimerScheduler::start, Qt::QueuedConnection);
}

}  // namespace peregrine::tools
