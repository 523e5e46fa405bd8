// peregrine-cli tools: the cab's tools without the voice loop, against the real database (an installer
// checks the wiring with it).
//   tools list [--json]                       name, description and JSON schema of every tool
//   tools call NAME JSON [--yes]              runs one call; prints what would be said, then the result
//                                             JSON. A tool that asks for a spoken confirmation (delete_note,
//                                             the vehicle's heater) prints its question and runs only with
//                                             --yes.
//   tools match TEXT                          the direct command a transcript maps to (no call is made)
// Common options: --db FILE (else storage.database of the config), --config FILE. Exit 0 when the call
// succeeded, 1 when it failed or awaits confirmation, 2 on a usage error.
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <cstdio>

#include "cli/arg_parser.h"
#include "cli/cli_tools.h"
#include "cli/commands.h"
#include "config/config_loader.h"
#include "logging/logging.h"
#include "tools/tool_runner.h"
#include "tools/tool_set.h"

namespace peregrine::cli {

namespace {
const char* const kUsage =
    "usage: peregrine-cli tools list [--json]\n"
    "       peregrine-cli tools call NAME JSON_ARGUMENTS [--yes]\n"
    "       peregrine-cli tools match TEXT\n"
    "       common: [--db FILE] [--config FILE]\n";

void printJson(const QJsonObject& o) {
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Indented).constData());
}

int listTools(const tools::ToolRegistry& registry, bool json) {
    QJsonArray all;
    for (const tools::Tool* t : registry.tools()) {
        QJsonObject o{
            {"name", t->name()}, {"description", t->description()}, {"parameters", t->parameters()}};
        if (json) {
            all.append(o);
            continue;
        }
        std::printf("%s\n  %s\n  %s\n", qPrintable(t->name()), qPrintable(t->description()),
                    QJsonDocument(t->parameters()).toJson(QJsonDocument::Compact).constData());
    }
    if (json) std::printf("%s\n", QJsonDocument(all).toJson(QJsonDocument::Indented).constData());
    return 0;
}

int callTool(const tools::ToolRegistry& registry, const QString& name, const QString& json, bool yes) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &error);
    if (!doc.isObject()) {
        std::fprintf(stderr, "peregrine-cli tools: the arguments are not a JSON object (%s)\n",
                     qPrintable(error.errorString()));
        return 2;
    }
    tools::ToolRunner runner(&registry);
    tools::ToolResult result;
    QObject::connect(&runner, &tools::ToolRunner::finished,
                     [&result](int, const tools::ToolCall&, const tools::ToolResult& r) { result = r; });
    runner.run(0, {name, doc.object()});  // the calling thread: the CLI has no UI thread to protect
    if (runner.awaitingConfirmation()) {
        std::printf("%s\n", qPrintable(result.say));
        if (!yes) {
            std::fprintf(stderr, "peregrine-cli tools: %s needs a confirmation; pass --yes to run it\n",
                         qPrintable(name));
            return 1;
        }
        runner.answerConfirmation(0, QStringLiteral("yes"));
    }
    std::printf("%s\n", qPrintable(result.say));
    printJson(QJsonObject{{"ok", result.ok}, {"data", result.data}});
    return result.ok ? 0 : 1;
}
}  // namespace

int cmdTools(const Args& args) {
    ArgParser p({"--db", "--config"}, {"--json", "--yes"});
    if (!p.parse(args) || p.positionals().empty()) {
        std::fprintf(stderr, "peregrine-cli tools: %s\n%s",
                     p.error().empty() ? "a subcommand is required" : p.error().c_str(), kUsage);
        return 2;
    }
    int argc = 1;
    char appName[] = "peregrine-cli";
    char* argv[] = {appName, nullptr};
    QCoreApplication app(argc, argv);
    setupLogging(std::getenv("PEREGRINE_VERBOSE") != nullptr);

    const ConfigResult loaded =
        ConfigLoader().load(p.has("--config") ? QString::fromStdString(*p.value("--config")) : QString());
    const QString dbPath =
        p.has("--db") ? QString::fromStdString(*p.value("--db")) : loaded.config.storage.databasePath;
    tools::ToolRegistry registry;
    addCliTools(registry, loaded.config, tools::toolEnvironment(dbPath));

    const auto& pos = p.positionals();
    const std::string& sub = pos[0];
    if (sub == "list") return listTools(registry, p.has("--json"));
    if (sub == "call" && pos.size() == 3)
        return callTool(registry, QString::fromStdString(pos[1]), QString::fromStdString(pos[2]),
                        p.has("--yes"));
    if (sub == "match" && pos.size() >= 2) {
        QStringList words;
        for (size_t i = 1; i < pos.size(); ++i) words << QString::fromStdString(pos[i]);
        const auto call = registry.matchCommand(words.join(QLatin1Char(' ')));
        if (!call) {
            std::printf("no direct command\n");
            return 1;
        }
        printJson(QJsonObject{{"name", call->name}, {"arguments", call->arguments}});
        return 0;
    }
    std::fprintf(stderr, "peregrine-cli tools: unknown or incomplete subcommand '%s'\n%s", sub.c_str(),
                 kUsage);
    return 2;
}

}  // namespace peregrine::cli
