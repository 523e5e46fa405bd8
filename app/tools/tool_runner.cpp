#include "tools/tool_runner.h"

#include <QElapsedTimer>
#include <QJsonDocument>

#include "tools/number_words.h"
#include "tools/tool_json.h"
#include "tools/tool_logging.h"

namespace peregrine::tools {

namespace {
QString compact(const QJsonObject& o) {
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
}  // namespace

ToolRunner::ToolRunner(const ToolRegistry* registry, QObject* parent)
    : QObject(parent), m_registry(registry), m_timeout(this) {
    qRegisterMetaType<peregrine::tools::ToolCall>();
    qRegisterMetaType<peregrine::tools::ToolResult>();
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(10000);
    connect(&m_timeout, &QTimer::timeout, this, &ToolRunner::onTimeout);
}

void ToolRunner::submit(int turn, const ToolCall& call) {
    QMetaObject::invokeMethod(
        this, [this, turn, call] { run(turn, call); }, Qt::QueuedConnection);
}

bool ToolRunner::isConfirmation(const QString& transcript) {
    static const QStringList yes = {"yes",      "yes please",   "yeah",      "yep",         "yes do it",
                                    "confirm",  "confirmed",    "i confirm", "yes confirm", "do it",
                                    "go ahead", "yes go ahead", "please do", "do it please"};
    QString s = normalizeTranscript(transcript);
    if (s.endsWith(QLatin1String(" please")) && !yes.contains(s)) s.chop(7);
    return yes.contains(s);
}

QString ToolRunner::confirmationQuestion(const Tool& tool, const QJsonObject& arguments) {
    QString question = tool.confirmationPrompt(arguments).trimmed();
    if (question.isEmpty()) {
        // "switch_device" {"device":"heater","state":"on"} -> "Switch device heater on?"
        QStringList words{QString(tool.name()).replace(QLatin1Char('_'), QLatin1Char(' '))};
        for (auto it = arguments.constBegin(); it != arguments.constEnd(); ++it) {
            const QJsonValue v = it.value();
            if (v.isString()) words << v.toString();
            if (v.isDouble()) words << QString::number(v.toDouble());
            if (v.isBool()) words << (v.toBool() ? QStringLiteral("on") : QStringLiteral("off"));
        }
        question = words.join(QLatin1Char(' ')) + QLatin1Char('?');
        question[0] = question[0].toUpper();
    }
    return question + QStringLiteral(" Say yes to confirm.");
}

void ToolRunner::run(int turn, const ToolCall& call) {
    qCInfo(lcTools).noquote() << "call" << call.name << compact(call.arguments) << "turn" << turn;
    Tool* tool = m_registry ? m_registry->find(call.name) : nullptr;
    if (!tool) {
        const ToolResult r = errorResult(QStringLiteral("I have no tool called %1.").arg(call.name));
        qCWarning(lcTools).noquote() << "result" << call.name << "failed:" << r.say;
        emit finished(turn, call, r);
        return;
    }
    if (tool->needsConfirmation(call.arguments)) {
        if (m_awaiting)
            qCInfo(lcTools).noquote() << "the call waiting for a yes is replaced:" << m_pending.name;
        m_pending = call;
        const QString question = confirmationQuestion(*tool, call.arguments);
        qCInfo(lcTools).noquote() << "asking to confirm" << call.name << ":" << question;
        setAwaiting(true);
        m_timeout.start();
        emit finished(
            turn, call,
            ToolResult{true, question, {{"status", "awaiting_confirmation"}, {"question", question}}});
        return;
    }
    invokeNow(turn, call);
}

void ToolRunner::invokeNow(int turn, const ToolCall& call) {
    Tool* tool = m_registry ? m_registry->find(call.name) : nullptr;
    if (!tool) return run(turn, call);
    QElapsedTimer clock;
    clock.start();
    const ToolResult r = tool->invoke(call.arguments);
    const double ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    if (r.ok)
        qCInfo(lcTools).noquote() << "result" << call.name << "ok in" << ms << "ms:" << r.say
                                  << compact(r.data);
    else
        qCWarning(lcTools).noquote() << "result" << call.name << "failed in" << ms << "ms:" << r.say;
    emit finished(turn, call, r);
}

void ToolRunner::answerConfirmation(int turn, const QString& transcript) {
    if (!m_awaiting) {
        emit finished(turn, {}, errorResult(QStringLiteral("Nothing is waiting for a yes.")));
        return;
    }
    m_timeout.stop();
    const ToolCall call = m_pending;
    m_pending = {};
    setAwaiting(false);
    if (isConfirmation(transcript)) {
        qCInfo(lcTools).noquote() << "confirmed" << call.name << "by" << transcript;
        invokeNow(turn, call);
        return;
    }
    qCInfo(lcTools).noquote() << "cancelled" << call.name << "by" << transcript;
    emit finished(turn, call, ToolResult{false, QStringLiteral("Cancelled."), {{"status", "cancelled"}}});
}

void ToolRunner::cancelConfirmation() {
    if (!m_awaiting) return;
    qCInfo(lcTools).noquote() << "cancelled" << m_pending.name;
    m_timeout.stop();
    m_pending = {};
    setAwaiting(false);
}

void ToolRunner::onTimeout() {
    if (!m_awaiting) return;
    qCInfo(lcTools).noquote() << "no answer within" << m_timeout.interval() << "ms: cancelled"
                              << m_pending.name;
    m_pending = {};
    setAwaiting(false);
    emit notice(QStringLiteral("Cancelled."));
}

void ToolRunner::setAwaiting(bool awaiting) {
    if (m_awaiting.exchange(awaiting) != awaiting) emit confirmationChanged(awaiting);
}

}  // namespace peregrine::tools
