#include "tools/info_tools.h"

#include <QJsonArray>
#include <QMutexLocker>

#include "tools/tool_json.h"
#include "tools/unit_conversion.h"

namespace peregrine::tools {

void BoardStateCache::setTemperature(double celsius, const QString& level) {
    QMutexLocker lock(&m_mutex);
    m_state.temperatureC = celsius;
    m_state.thermalLevel = level;
}

void BoardStateCache::setModel(const QString& model) {
    QMutexLocker lock(&m_mutex);
    m_state.model = model;
}

void BoardStateCache::setDecodeSpeed(double tokPerSec) {
    QMutexLocker lock(&m_mutex);
    m_state.decodeTokPerSec = tokPerSec;
}

BoardState BoardStateCache::snapshot() const {
    QMutexLocker lock(&m_mutex);
    return m_state;
}

QJsonObject DateTimeTool::parameters() const {
    return objectSchema({});
}

ToolResult DateTimeTool::invoke(const QJsonObject& args) {
    Q_UNUSED(args);
    const QDateTime local = m_clock().toLocalTime();
    const QString say = QStringLiteral("It's %1 on %2.")
                            .arg(local.toString(QStringLiteral("HH:mm")),
                                 local.toString(QStringLiteral("dddd, d MMMM yyyy")));
    return okResult(say, {{"local", local.toString(Qt::ISODate)},
                          {"utc", local.toUTC().toString(Qt::ISODate)},
                          {"weekday", local.toString(QStringLiteral("dddd"))}});
}

QString BoardStateTool::description() const {
    return QStringLiteral(
        "Tells the board's temperature, the loaded model and the speed of the last answer.");
}

QJsonObject BoardStateTool::parameters() const {
    return objectSchema({});
}

ToolResult BoardStateTool::invoke(const QJsonObject& args) {
    Q_UNUSED(args);
    const BoardState s = m_cache ? m_cache->snapshot() : BoardState{};
    QStringList parts;
    QJsonObject data;
    if (s.temperatureC) {
        parts << QStringLiteral("The board is at %1 degrees").arg(spokenNumber(std::round(*s.temperatureC)));
        if (!s.thermalLevel.isEmpty()) parts.last() += QStringLiteral(" (%1)").arg(s.thermalLevel);
        data["temperature_c"] = *s.temperatureC;
        data["thermal_level"] = s.thermalLevel;
    } else {
        parts << QStringLiteral("I can't read the board's temperature");
    }
    if (!s.model.isEmpty()) {
        parts << QStringLiteral("the model is %1").arg(s.model);
        data["model"] = s.model;
    } else {
        parts << QStringLiteral("no language model is loaded");
    }
    if (s.decodeTokPerSec) {
        parts << QStringLiteral("the last answer ran at %1 tokens a second")
                     .arg(spokenNumber(*s.decodeTokPerSec));
        data["decode_tok_s"] = *s.decodeTokPerSec;
    }
    QString say = parts.join(QStringLiteral(", "));
    if (parts.size() > 1) say.replace(say.lastIndexOf(QStringLiteral(", ")), 2, QStringLiteral(" and "));
    return okResult(say + QLatin1Char('.'), data);
}

QString WhatCanYouDoTool::description() const {
    return QStringLiteral("Lists what the assistant can do: its tools and the spoken cab commands.");
}

QJsonObject WhatCanYouDoTool::parameters() const {
    return objectSchema({});
}

ToolResult WhatCanYouDoTool::invoke(const QJsonObject& args) {
    Q_UNUSED(args);
    QJsonArray tools;
    QStringList names;
    for (const Tool* t : m_registry->tools()) {
        tools.append(QJsonObject{{"name", t->name()}, {"description", t->description()}});
        if (t != this) names << QString(t->name()).replace(QLatin1Char('_'), QLatin1Char(' '));
    }
    const QStringList commands = {"stop",
                                  "repeat that",
                                  "louder",
                                  "quieter",
                                  "new conversation",
                                  "set a timer for five minutes",
                                  "cancel the timer",
                                  "what timers",
                                  "remind me to check the straps in ten minutes"};
    const QString say =
        QStringLiteral("I can answer questions, and use these tools: %1. Without the model I understand: %2.")
            .arg(names.join(QStringLiteral(", ")), commands.join(QStringLiteral(", ")));
    return okResult(say, {{"tools", tools}, {"commands", QJsonArray::fromStringList(commands)}});
}

}  // namespace peregrine::tools
