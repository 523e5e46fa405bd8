#include "inference/tool_round.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include "logging/logging.h"
#include "tools/tool_registry.h"

namespace peregrine {

namespace {

QString compact(const QJsonObject& o) {
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString tr(const char* text) {
    return QCoreApplication::translate("ToolRound", text);
}

ChatMessage toolTurn(const QJsonObject& content) {
    return {"tool", compact(content).toStdString()};
}

}  // namespace

std::vector<ToolSpec> toolSpecsOf(const tools::ToolRegistry& registry) {
    std::vector<ToolSpec> specs;
    for (const tools::Tool* tool : registry.tools()) {
        specs.push_back({tool->name().toStdString(), tool->description().toStdString(),
                         compact(tool->parameters()).toStdString()});
    }
    return specs;
}

ToolRoundResult runToolRound(const tools::ToolRegistry& registry, const ParsedAnswer& parsed) {
    ToolRoundResult out;
    for (const ToolCallText& call : parsed.calls) {
        const QString name = QString::fromStdString(call.name);
        const QJsonObject args =
            QJsonDocument::fromJson(QByteArray::fromStdString(call.argumentsJson)).object();
        QJsonObject shown{{QStringLiteral("name"), name}, {QStringLiteral("arguments"), args}};
        tools::Tool* tool = registry.find(name);  // known: the parser checked the name against the specs
        if (!tool || tool->needsConfirmation(args)) {
            const QString why =
                tool ? tr("This needs the driver's spoken confirmation first; it was not done.")
                     : tr("No such tool.");
            shown[QStringLiteral("ok")] = false;
            shown[QStringLiteral("say")] = why;
            out.toolTurns.push_back(
                toolTurn({{QStringLiteral("ok"), false}, {QStringLiteral("error"), why}}));
            out.activity.append(shown);
            continue;
        }
        const tools::ToolResult result = tool->invoke(args);
        qCInfo(lcInference).noquote()
            << "tool" << name << compact(args) << (result.ok ? "ok:" : "failed:") << result.say;
        QJsonObject back = result.data;
        back.insert(QStringLiteral("ok"), result.ok);
        if (!result.say.isEmpty() && !back.contains(QStringLiteral("message")))
            back.insert(QStringLiteral("message"), result.say);
        shown[QStringLiteral("ok")] = result.ok;
        shown[QStringLiteral("say")] = result.say;
        shown[QStringLiteral("result")] = result.data;
        out.toolTurns.push_back(toolTurn(back));
        out.activity.append(shown);
    }
    for (const MalformedCall& bad : parsed.malformed) {
        const QString why = QString::fromStdString(bad.reason);
        out.toolTurns.push_back(toolTurn(
            {{QStringLiteral("ok"), false}, {QStringLiteral("error"), tr("malformed call: %1").arg(why)}}));
        out.activity.append(QJsonObject{{QStringLiteral("text"), QString::fromStdString(bad.text)},
                                        {QStringLiteral("error"), why}});
    }
    return out;
}

}  // namespace peregrine
