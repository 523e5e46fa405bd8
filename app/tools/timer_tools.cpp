#include "tools/timer_tools.h"

#include <QJsonArray>

#include "tools/number_words.h"
#include "tools/tool_json.h"

namespace peregrine::tools {

namespace {
constexpr qint64 kMaxTimerMs = 7LL * 24 * 3600 * 1000;  // a week

const QStringList& unitNames() {
    static const QStringList names = {"seconds", "minutes", "hours"};
    return names;
}

QJsonObject timerJson(const TimerRecord& t, const QDateTime& now) {
    return {{"id", t.id},
            {"kind", t.kind},
            {"label", t.label},
            {"due_at", t.dueAt.toString(Qt::ISODate)},
            {"seconds_left", std::max<qint64>(0, now.secsTo(t.dueAt))}};
}

ToolResult noStore(const ToolContext& c) {
    const QString why = c.store ? c.store->lastError() : QStringLiteral("no database");
    return errorResult(QStringLiteral("I can't reach the timer store: %1.").arg(why));
}
}  // namespace

QString describeTimer(const TimerRecord& t) {
    if (t.kind == QLatin1String("reminder")) return QStringLiteral("your reminder to %1").arg(t.label);
    if (!t.label.isEmpty()) return QStringLiteral("your timer for %1").arg(t.label);
    QString length = formatDuration(t.durationMs);
    if (length.endsWith(QLatin1Char('s'))) length.chop(1);  // "5 minutes" -> "5 minute" as an adjective
    return QStringLiteral("your %1 timer").arg(length);
}

QString spokenTime(const QDateTime& at) {
    return at.toLocalTime().toString(QStringLiteral("HH:mm"));
}

qint64 durationMs(double amount, const QString& unit) {
    const QString u = unit.toLower();
    if (u.startsWith(QLatin1String("sec"))) return static_cast<qint64>(amount * 1000);
    if (u.startsWith(QLatin1String("min"))) return static_cast<qint64>(amount * 60000);
    if (u.startsWith(QLatin1String("hour"))) return static_cast<qint64>(amount * 3600000);
    return 0;
}

QString SetTimerTool::name() const {
    return m_reminder ? QStringLiteral("set_reminder") : QStringLiteral("set_timer");
}

QString SetTimerTool::description() const {
    return m_reminder ? QStringLiteral("Reminds the driver of something after a time (spoken when due).")
                      : QStringLiteral("Starts a countdown timer that rings aloud when it ends.");
}

QJsonObject SetTimerTool::parameters() const {
    QJsonObject props{{"amount", numberSchema("number", 1, 10080)}, {"unit", enumSchema(unitNames())}};
    if (m_reminder) {
        props["text"] = stringSchema(120, QStringLiteral("what to remind of, e.g. check the load straps"));
        return objectSchema(props, {"text", "amount", "unit"});
    }
    props["label"] = stringSchema(80, QStringLiteral("optional name, e.g. pasta"));
    return objectSchema(props, {"amount", "unit"});
}

ToolResult SetTimerTool::invoke(const QJsonObject& args) {
    const qint64 ms = durationMs(args.value("amount").toDouble(), args.value("unit").toString());
    if (ms < 1000 || ms > kMaxTimerMs)
        return errorResult(QStringLiteral("A timer must run between one second and a week."));
    TimerRecord t;
    t.kind = m_reminder ? QStringLiteral("reminder") : QStringLiteral("timer");
    t.label = (m_reminder ? args.value("text") : args.value("label")).toString().simplified();
    if (m_reminder && t.label.isEmpty()) return errorResult(QStringLiteral("What should I remind you of?"));
    const QDateTime now = m_context.clock();
    t.createdAt = now;
    t.durationMs = ms;
    t.dueAt = now.addMSecs(ms);
    if (!m_context.store) return noStore(m_context);
    t.id = m_context.store->addTimer(t);
    if (t.id <= 0) return noStore(m_context);
    const QString length = formatDuration(ms);
    QString say;
    if (m_reminder)
        say = QStringLiteral("I'll remind you to %1 in %2.").arg(t.label, length);
    else if (!t.label.isEmpty())
        say = QStringLiteral("Timer for %1 set for %2.").arg(t.label, length);
    else
        say = QStringLiteral("Timer set for %1.").arg(length);
    return okResult(say, timerJson(t, now));
}

QString CancelTimerTool::description() const {
    return QStringLiteral("Cancels a running timer or reminder (the next one due, the one named, or all).");
}

QJsonObject CancelTimerTool::parameters() const {
    return objectSchema({{"label", stringSchema(80, QStringLiteral("part of the timer's name or text"))},
                         {"all", QJsonObject{{"type", "boolean"}}}});
}

ToolResult CancelTimerTool::invoke(const QJsonObject& args) {
    if (!m_context.store) return noStore(m_context);
    const QList<TimerRecord> pending = m_context.store->timers();
    if (pending.isEmpty()) return okResult(QStringLiteral("There is no timer running."), {{"cancelled", 0}});
    const QString label = args.value("label").toString().simplified();
    QList<TimerRecord> chosen;
    if (args.value("all").toBool()) {
        chosen = pending;
    } else {
        for (const TimerRecord& t : pending)
            if (!label.isEmpty() && t.label.contains(label, Qt::CaseInsensitive)) chosen = {t};
        if (chosen.isEmpty()) {
            if (!label.isEmpty() && pending.size() > 1)
                return errorResult(QStringLiteral("I have no timer for %1.").arg(label));
            chosen = {pending.first()};  // the next one due
        }
    }
    const QDateTime now = m_context.clock();
    QJsonArray ids;
    for (const TimerRecord& t : chosen)
        if (m_context.store->setTimerState(t.id, "pending", "cancelled", now)) ids.append(t.id);
    if (ids.isEmpty()) return noStore(m_context);
    const QString say = ids.size() == 1 ? QStringLiteral("Cancelled %1.").arg(describeTimer(chosen.first()))
                                        : QStringLiteral("Cancelled %1 timers.").arg(ids.size());
    return okResult(say, {{"cancelled", ids.size()}, {"ids", ids}});
}

QString ListTimersTool::description() const {
    return QStringLiteral("Lists the running timers and reminders with the time left on each.");
}

QJsonObject ListTimersTool::parameters() const {
    return objectSchema({});
}

ToolResult ListTimersTool::invoke(const QJsonObject& args) {
    Q_UNUSED(args);
    if (!m_context.store) return noStore(m_context);
    const QList<TimerRecord> pending = m_context.store->timers();
    if (!m_context.store->lastError().isEmpty()) return noStore(m_context);
    const QDateTime now = m_context.clock();
    QJsonArray list;
    QStringList spoken;
    for (const TimerRecord& t : pending) {
        list.append(timerJson(t, now));
        const QString what = describeTimer(t).mid(5);  // without "your "
        spoken << QStringLiteral("%1 with %2 left")
                      .arg(what, formatDuration(std::max<qint64>(0, now.msecsTo(t.dueAt))));
    }
    QString say;
    if (pending.isEmpty())
        say = QStringLiteral("There is no timer running.");
    else if (pending.size() == 1)
        say = QStringLiteral("You have one timer: the %1.").arg(spoken.first());
    else
        say = QStringLiteral("You have %1 timers: the %2.").arg(pending.size()).arg(spoken.join(", the "));
    return okResult(say, {{"timers", list}});
}

}  // namespace peregrine::tools
