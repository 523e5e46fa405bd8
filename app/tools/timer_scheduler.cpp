#include "tools/timer_scheduler.h"

#include "tools/timer_tools.h"
#include "tools/tool_logging.h"

namespace peregrine::tools {

TimerScheduler::TimerScheduler(ToolContext context, QObject* parent)
    : QObject(parent), m_context(std::move(context)), m_poll(this) {
    m_poll.setInterval(250);
    connect(&m_poll, &QTimer::timeout, this, &TimerScheduler::check);
}

QString TimerScheduler::firedText(const TimerRecord& t) {
    if (t.kind == QLatin1String("reminder")) return QStringLiteral("Reminder: %1.").arg(t.label);
    QString what = describeTimer(t);
    what[0] = what[0].toUpper();
    return QStringLiteral("%1 is done.").arg(what);
}

QString TimerScheduler::missedText(const TimerRecord& t) {
    return QStringLiteral("While I was off, %1 was due at %2.").arg(describeTimer(t), spokenTime(t.dueAt));
}

void TimerScheduler::start() {
    if (!m_context.store) return;
    const QDateTime now = m_context.clock();
    for (const TimerRecord& t : m_context.store->timers()) {
        if (t.dueAt > now) continue;
        if (!m_context.store->setTimerState(t.id, "pending", "missed", now)) continue;
        qCInfo(lcTools).noquote() << "timer" << t.id << "missed while off:" << missedText(t);
        emit alert(missedText(t), t.id, true);
    }
    m_poll.start();
}

void TimerScheduler::check() {
    if (!m_context.store) return;
    const QDateTime now = m_context.clock();
    for (const TimerRecord& t : m_context.store->timers()) {
        if (t.dueAt > now) break;  // soonest due first
        if (!m_context.store->setTimerState(t.id, "pending", "fired", now)) continue;
        qCInfo(lcTools).noquote() << "timer" << t.id << "fired" << t.dueAt.msecsTo(now)
                                  << "ms late:" << firedText(t);
        emit alert(firedText(t), t.id, false);
    }
}

}  // namespace peregrine::tools
