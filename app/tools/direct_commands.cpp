#include "tools/direct_commands.h"

#include <QRegularExpression>

#include "tools/number_words.h"

namespace peregrine::tools {

namespace {

// "timer" and "timers" as pocketsphinx writes them for flite's and real voices ("set a diner for ten
// seconds", "cancel the diner").
const QString kTimer = QStringLiteral("(?:timer|diner|tiner|timber|dimer)");
const QString kTimers = QStringLiteral("(?:timers|diners|tiners|timbers|dimers)");

QRegularExpression pattern(const QString& text) {
    return QRegularExpression(
        QString(text).replace(QLatin1String("TIMERS"), kTimers).replace(QLatin1String("TIMER"), kTimer));
}

// The transcript without fillers at either end ("please", "okay", "hey peregrine").
QString commandText(const QString& transcript) {
    static const QRegularExpression lead(
        QStringLiteral("^(?:(?:hey |ok |okay )?peregrine |please |okay |ok |can you |could you )+"));
    static const QRegularExpression tail(QStringLiteral("(?: please| thanks| thank you)+$"));
    QString s = normalizeTranscript(transcript);
    s.remove(lead);
    s.remove(tail);
    return s;
}

ToolCall timerCall(qint64 ms) {
    return {QStringLiteral("set_timer"),
            QJsonObject{{"amount", static_cast<double>(ms) / 1000.0}, {"unit", "seconds"}}};
}

}  // namespace

std::optional<ToolCall> TimerCommand::match(const QString& transcript) const {
    // "set a timer for five minutes". The verb is often misheard ("should the timer for ...", "sets a"), so
    // any one or two words may stand before the timer, except those that start the other timer commands;
    // the duration must then use up the rest.
    static const QRegularExpression form1 = pattern(
        QStringLiteral("^(?!(?:cancel|stop|delete|clear|kill|turn|what|which|how|list|show|read|remind)\\b)"
                       "(?:\\w+ ){0,2}(?:a |an |the |one |my )?TIMER(?: for| of| to)? (.+)$"));
    static const QRegularExpression form2 =
        pattern(QStringLiteral("^(?:set|start|make)(?: me)?(?: a| an)? (.+) TIMER$"));
    static const QRegularExpression form3 = pattern(QStringLiteral("^(?:a )?TIMER (?:for )?(.+)$"));
    const QString s = commandText(transcript);
    for (const QRegularExpression* re : {&form1, &form2, &form3}) {
        const auto m = re->match(s);
        if (!m.hasMatch()) continue;
        if (const auto ms = parseDuration(m.captured(1))) return timerCall(*ms);
    }
    return std::nullopt;
}

std::optional<ToolCall> CancelTimerCommand::match(const QString& transcript) const {
    static const QRegularExpression re = pattern(
        QStringLiteral("^(?:cancel|stop|delete|clear|turn off|kill)( all)?(?: of)?(?: the| my| that| this)? "
                       "(TIMERS|TIMER|reminders|reminder|alarm)$"));
    const auto m = re.match(commandText(transcript));
    if (!m.hasMatch()) return std::nullopt;
    QJsonObject args;
    if (!m.captured(1).isEmpty() || m.captured(2).endsWith(QLatin1Char('s'))) args["all"] = true;
    return ToolCall{QStringLiteral("cancel_timer"), args};
}

std::optional<ToolCall> ListTimersCommand::match(const QString& transcript) const {
    static const QRegularExpression re =
        pattern(QStringLiteral("^(?:(?:what|which|any) (?:TIMERS|reminders)(?: are| do i have| have i "
                               "got)?(?: set| running| on| there)?"
                               "|(?:list|show|read)(?: me)?(?: the| my| all| all the)? (?:TIMERS|reminders)"
                               "|how (?:long|much time) (?:is )?left(?: on (?:the|my) TIMER)?"
                               "|how long on (?:the|my) TIMER)$"));
    if (!re.match(commandText(transcript)).hasMatch()) return std::nullopt;
    return ToolCall{QStringLiteral("list_timers"), QJsonObject{}};
}

std::optional<ToolCall> ReminderCommand::match(const QString& transcript) const {
    const QString s = commandText(transcript);
    static const QRegularExpression start(QStringLiteral("^remind me (.+)$"));
    const auto m = start.match(s);
    if (!m.hasMatch()) return std::nullopt;
    const QString rest = m.captured(1);
    const auto call = [](QString text, qint64 ms) {
        text = text.trimmed();
        if (text.startsWith(QLatin1String("to "))) text = text.mid(3);
        if (text.startsWith(QLatin1String("about "))) text = text.mid(6);
        if (text.isEmpty()) return std::optional<ToolCall>();
        return std::optional<ToolCall>(ToolCall{
            QStringLiteral("set_reminder"),
            QJsonObject{{"text", text}, {"amount", static_cast<double>(ms) / 1000.0}, {"unit", "seconds"}}});
    };
    // "remind me in ten minutes to call home"
    static const QRegularExpression front(QStringLiteral("^in (.+?) (?:to|about) (.+)$"));
    if (const auto f = front.match(rest); f.hasMatch())
        if (const auto ms = parseDuration(f.captured(1))) return call(f.captured(2), *ms);
    // "remind me to check the load straps in forty minutes": the last " in " that starts a duration (then
    // " and ": the recognizer often writes "in" so).
    for (const QLatin1String separator : {QLatin1String(" in "), QLatin1String(" and ")}) {
        for (qsizetype at = rest.lastIndexOf(separator); at > 0; at = rest.lastIndexOf(separator, at - 1))
            if (const auto ms = parseDuration(rest.mid(at + separator.size())))
                return call(rest.left(at), *ms);
    }
    return std::nullopt;
}

}  // namespace peregrine::tools
