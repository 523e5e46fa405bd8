// peregrine-cli config: the effective configuration, every key with its value and source, then the
// warnings and errors of the layers (exit 1 on errors). "config set KEY VALUE..." writes the user layer.
#include <QString>
#include <QVariant>
#include <cstdio>

#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "config/config_loader.h"
#include "config/config_schema.h"

namespace peregrine::cli {

namespace {

void printLine(FILE* out, const QString& text) {
    std::fprintf(out, "%s\n", text.toLocal8Bit().constData());
}

QString shown(const QString& value) {
    if (value.isEmpty()) return QStringLiteral("(empty)");
    QString v = value;
    v.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return v;
}

int printConfig(const ConfigLoader& loader, const QString& explicitPath) {
    const ConfigResult result = loader.load(explicitPath);
    printLine(
        stdout,
        QStringLiteral("# layers: system %1, user %2%3")
            .arg(loader.systemConfigPath().isEmpty() ? QStringLiteral("(none)") : loader.systemConfigPath(),
                 ConfigLoader::userConfigPath(),
                 explicitPath.isEmpty() ? QString() : QStringLiteral(", --config ") + explicitPath));
    int width = 0;
    for (const ConfigKeyInfo& k : configKeys()) width = std::max(width, static_cast<int>(k.key.size()));
    for (const ConfigKeyInfo& k : configKeys()) {
        printLine(stdout, QStringLiteral("%1 = %2  [%3]")
                              .arg(k.key.leftJustified(width), shown(configValueText(result.config, k.key)),
                                   result.source(k.key)));
    }
    std::fflush(stdout);
    for (const QString& w : result.warnings) printLine(stderr, QStringLiteral("warning: ") + w);
    for (const QString& e : result.errors) printLine(stderr, QStringLiteral("error: ") + e);
    return result.ok() ? 0 : 1;
}

}  // namespace

int cmdConfig(const Args& args) {
    ArgParser parser({"--config"}, {"--kiosk", "--help", "-h"});
    if (!parser.parse(args)) {
        std::fprintf(stderr, "peregrine-cli config: %s\n", parser.error().c_str());
        return 2;
    }
    if (parser.has("--help") || parser.has("-h")) {
        std::printf(
            "usage: peregrine-cli config [--config FILE] [--kiosk]   effective configuration and sources\n"
            "       peregrine-cli config keys                       every key with what it accepts\n"
            "       peregrine-cli config set KEY VALUE...            write KEY into the user layer\n");
        return 0;
    }
    ConfigLoader loader;
    loader.setKiosk(parser.has("--kiosk"));
    loader.setLogDiagnostics(false);  // printed below
    const auto& pos = parser.positionals();
    if (pos.empty())
        return printConfig(loader, QString::fromStdString(parser.value("--config").value_or("")));

    if (pos[0] == "keys" && pos.size() == 1) {
        const AppConfig defaults = defaultAppConfig(parser.has("--kiosk"));
        for (const ConfigKeyInfo& k : configKeys())
            printLine(stdout,
                      QStringLiteral("%1\t%2 (default: %3)\t%4")
                          .arg(k.key, k.allowed, shown(configValueText(defaults, k.key)), k.description));
        return 0;
    }
    if (pos[0] == "set" && pos.size() >= 3) {
        const QString key = QString::fromStdString(pos[1]);
        QVariant value;
        if (key == QLatin1String("models.dirs")) {
            QStringList dirs;
            for (size_t i = 2; i < pos.size(); ++i) dirs << QString::fromStdString(pos[i]);
            value = dirs;
        } else if (pos.size() == 3) {
            value = QString::fromStdString(pos[2]);
        } else {
            std::fprintf(stderr, "peregrine-cli config set: %s takes one value (quote text with spaces)\n",
                         pos[1].c_str());
            return 2;
        }
        QString error;
        if (!loader.saveUserSetting(key, value, &error)) {
            printLine(stderr, QStringLiteral("peregrine-cli config: ") + error);
            return 1;
        }
        printLine(stdout, QStringLiteral("saved %1 in %2").arg(key, ConfigLoader::userConfigPath()));
        return 0;
    }
    std::fprintf(stderr, "peregrine-cli config: unexpected '%s' (see peregrine-cli config --help)\n",
                 pos[0].c_str());
    return 2;
}

}  // namespace peregrine::cli
