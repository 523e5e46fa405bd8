// peregrine-cli models: the catalog of the models folders and the decisions about them.
//   models list     one line per model: name, kind, size, quantization, status
//   models inspect  every model described without loading weights (cmd_inspect for all, vendor bundles too)
//   models verify   every check of the verifier; exit 1 when any model fails
//   models compare  benchmarks every model (GGUF, Genie bundle, .rkllm) on this board; a Markdown table with
//   the voice-budget verdict
// Models come from --dir D (else models.dirs of the config) or from PATH arguments.
#include <QDir>
#include <QFileInfo>
#include <cstdio>

#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "config/config_loader.h"
#include "models/catalog_scan.h"
#include "models/model_compare.h"
#include "models/model_verifier.h"
#include "storage/database.h"

namespace peregrine::cli {

int cmdModels(const Args& args);  // also in commands.h once the dispatcher registers it

namespace {

constexpr const char* kUsage =
    "usage: peregrine-cli models list|inspect|verify|compare [--dir D] [--config FILE] [--ctx N] [PATH...]\n"
    "  verify:  [--memory-limit MB] [--qairt VERSION] [--no-checksum]   (exit 1 when any model fails)\n"
    "  compare: [--threads N] [--reps N] [--prompt N] [--gen N] [--db] [--db-path FILE]\n"
    "           [--backends native,llamacpp] [--llamacpp-lib PATH] [--qairt VERSION]\n"
    "           (Genie bundles and .rkllm files run once, on their NPU runtime, after the verifier's "
    "checks)\n";

void print(FILE* out, const QString& text) {
    std::fprintf(out, "%s\n", text.toLocal8Bit().constData());
}

struct Context {
    ConfigResult config;
    QList<CatalogEntry> entries;
    int ctx = 4096;
};

QString infoLine(const CatalogEntry& e) {
    if (e.info) {
        const ModelInfo& m = *e.info;
        return QStringLiteral("%1, %2, %3 M params, template %4")
            .arg(QString::fromStdString(m.architecture), QString::fromStdString(m.fileType))
            .arg(static_cast<double>(m.nParams) / 1e6, 0, 'f', m.nParams < 10000000 ? 2 : 0)
            .arg(QString::fromLatin1(chatFamilyName(m.chatFamily)));
    }
    if (e.kind == ModelKind::GenieBundle)
        return QStringLiteral("%1 ctx-bins, compiled with %2")
            .arg(e.genie.ctxBins.size())
            .arg(e.sidecar.runtimeVersion.isEmpty() ? QStringLiteral("QAIRT (unknown)")
                                                    : QStringLiteral("QAIRT ") + e.sidecar.runtimeVersion);
    return e.kind == ModelKind::Gguf ? QStringLiteral("-") : modelKindName(e.kind);
}

int cmdList(const Context& c) {
    for (const CatalogEntry& e : c.entries)
        print(stdout, QStringLiteral("%1  %2  %3  %4  %5")
                          .arg(e.displayName, modelKindName(e.kind), sizeText(e.sizeBytes), infoLine(e),
                               e.status == EntryStatus::Ok ? QStringLiteral("ok")
                                                           : QStringLiteral("invalid: ") + e.statusMessage));
    return 0;
}

int cmdInspectAll(const Context& c) {
    for (const CatalogEntry& e : c.entries) {
        print(stdout, QStringLiteral("== %1").arg(e.displayName));
        print(stdout, QStringLiteral("path:     %1 (%2, %3)")
                          .arg(e.path, modelKindName(e.kind), sizeText(e.sizeBytes)));
        if (e.sidecar.present)
            print(stdout,
                  QStringLiteral("sidecar:  %1%2%3")
                      .arg(e.sidecar.path,
                           e.sidecar.license.isEmpty() ? QString()
                                                       : QStringLiteral(", license ") + e.sidecar.license,
                           e.sidecar.source.isEmpty() ? QString()
                                                      : QStringLiteral(", source ") + e.sidecar.source));
        if (e.info) {
            const ModelInfo& m = *e.info;
            print(stdout, QStringLiteral("model:    %1").arg(infoLine(e)));
            print(stdout,
                  QStringLiteral(
                      "shape:    %1 layers, embedding %2, %3 heads (%4 KV), vocab %5, trained context %6")
                      .arg(m.nLayer)
                      .arg(m.nEmbd)
                      .arg(m.nHead)
                      .arg(m.nHeadKv)
                      .arg(m.nVocab)
                      .arg(m.contextLength));
            QStringList types;
            for (const auto& t : m.tensorTypes)
                types << QStringLiteral("%1 x%2").arg(QString::fromStdString(t.name)).arg(t.count);
            print(stdout, QStringLiteral("tensors:  %1").arg(types.join(QStringLiteral(", "))));
        }
        if (e.kind == ModelKind::GenieBundle) {
            print(stdout, QStringLiteral("bundle:   %1").arg(infoLine(e)));
            for (const QString& bin : e.genie.ctxBins)
                print(stdout, QStringLiteral("  ctx-bin %1%2")
                                  .arg(QFileInfo(bin).fileName(),
                                       QFileInfo(bin).isFile()
                                           ? QStringLiteral(" (%1)").arg(sizeText(QFileInfo(bin).size()))
                                           : QStringLiteral(" (missing)")));
        }
        print(
            stdout,
            QStringLiteral("memory:   %1").arg(checkMemoryFit(memoryNeed(e, c.ctx), memoryBudget()).message));
        if (e.status != EntryStatus::Ok)
            print(stdout, QStringLiteral("status:   invalid: %1").arg(e.statusMessage));
        print(stdout, QString());
    }
    return 0;
}

int cmdVerify(const Context& c, ArgParser& p) {
    VerifyOptions o;
    o.contextLength = c.ctx;
    if (auto mb = p.intValue("--memory-limit")) o.memoryLimitBytes = *mb << 20;
    const auto qairt = p.value("--qairt");
    o.board = detectBoardRuntimes(qairt ? QString::fromStdString(*qairt) : QString());
    o.checksum = !p.has("--no-checksum");
    Sha256Cache cache(Sha256Cache::defaultCacheFile());
    o.cache = &cache;
    print(stdout, QStringLiteral("board: QAIRT %1")
                      .arg(o.board.qairt.version ? QStringLiteral("%1 (%2)").arg(
                                                       o.board.qairt.version->display(), o.board.qairt.source)
                                                 : QStringLiteral("unknown")));
    int failed = 0;
    for (const CatalogEntry& e : c.entries) {
        const VerifyReport r = verifyModel(e, o);
        print(stdout,
              QStringLiteral("%1 %2 (%3)")
                  .arg(r.ok() ? QStringLiteral("OK  ") : QStringLiteral("FAIL"), e.displayName, e.path));
        for (const VerifyIssue& i : r.issues)
            print(stdout, QStringLiteral("  %1 [%2]: %3")
                              .arg(i.severity == Severity::Error ? QStringLiteral("error")
                                                                 : QStringLiteral("warning"),
                                   issueClassName(i.cls), i.text()));
        if (e.info) print(stdout, QStringLiteral("  model:  %1").arg(infoLine(e)));
        if (r.ok() && r.memory) print(stdout, QStringLiteral("  memory: %1").arg(r.memory->message));
        failed += r.ok() ? 0 : 1;
    }
    print(stdout, QStringLiteral("%1 of %2 models failed verification").arg(failed).arg(c.entries.size()));
    return failed ? 1 : 0;
}

int cmdCompare(const Context& c, ArgParser& p) {
    CompareOptions o;
    o.contextLength = c.ctx;
    o.threads = static_cast<int>(p.intValue("--threads").value_or(c.config.config.inference.threads));
    o.repetitions = static_cast<int>(p.intValue("--reps").value_or(2));
    o.promptTokens = static_cast<int>(p.intValue("--prompt").value_or(100));
    o.generateTokens = static_cast<int>(p.intValue("--gen").value_or(100));
    Database db;
    if (p.has("--db") || p.has("--db-path")) {
        const QString path = p.has("--db-path") ? QString::fromStdString(*p.value("--db-path"))
                                                : c.config.config.storage.databasePath;
        if (!db.open(path)) {
            print(stderr, QStringLiteral("peregrine-cli models compare: %1").arg(db.lastError()));
            return 1;
        }
    }
    o.llamacppLibrary = QString::fromStdString(
        p.value("--llamacpp-lib").value_or(c.config.config.runtimes.llamacppLibrary.toStdString()));
    const QStringList backends = QString::fromStdString(p.value("--backends").value_or("native"))
                                     .split(QLatin1Char(','), Qt::SkipEmptyParts);
    const RuntimesConfig& rt = c.config.config.runtimes;
    o.genieLibrary = rt.genieLibrary;
    o.qairtRoot = rt.qairtRoot;
    o.rkllmLibrary = rt.rkllmLibrary;
    o.rkllmVersion = rt.rkllmVersion;
    const auto qairt = p.value("--qairt");
    o.board = detectBoardRuntimes(qairt ? QString::fromStdString(*qairt) : rt.qairtVersion, rt.rkllmVersion);
    QList<CompareRow> rows;
    for (const CatalogEntry& e : c.entries) {
        // A Genie bundle or .rkllm file runs on its NPU runtime only: once, whatever --backends lists.
        const QStringList runs = e.isVendorBundle() ? QStringList{backends.value(0)} : backends;
        for (const QString& backend : runs) {
            o.backend = backend.trimmed();
            const CompareRow row = compareModel(e, o, [](const QString& line) { print(stderr, line); });
            rows << row;
            if (db.isOpen() && row.error.isEmpty()) {
                BenchmarkRunRecord rec;
                rec.model = row.name;
                rec.modelPath = row.path;
                rec.backend = row.backend;
                rec.threads = row.threads;
                rec.nPrompt = row.promptTokens;
                rec.nGen = row.generatedTokens;
                rec.promptTokPerSec = row.promptTokPerSec;
                rec.decodeTokPerSec = row.decodeTokPerSec;
                rec.ttftMs = row.ttftMs;
                rec.loadMs = row.loadMs;
                rec.notes = QStringLiteral("models compare, ctx %1: %2")
                                .arg(o.contextLength)
                                .arg(voiceVerdictText(row.ttftMs, row.decodeTokPerSec));
                if (db.addBenchmarkRun(rec) < 0)
                    print(stderr, QStringLiteral("cannot store the run: %1").arg(db.lastError()));
            }
        }
    }
    std::fprintf(stdout, "%s", formatCompareTable(rows).toLocal8Bit().constData());
    print(stdout,
          QStringLiteral(
              "\nverdict for a %1-token answer: natural < 2 s, acceptable < 3 s, slow 3-4 s, unusable > 4 s")
              .arg(kVoiceAnswerTokens));
    for (const CompareRow& r : rows)
        if (!r.error.isEmpty()) return 1;
    return 0;
}

}  // namespace

int cmdModels(const Args& args) {
    ArgParser p({"--dir", "--config", "--ctx", "--memory-limit", "--qairt", "--threads", "--reps", "--prompt",
                 "--gen", "--db-path", "--backends", "--llamacpp-lib"},
                {"--no-checksum", "--db"});
    if (args.empty() || !p.parse(Args(args.begin() + 1, args.end()))) {
        std::fprintf(stderr, "peregrine-cli models: %s\n%s",
                     p.error().empty() ? "a subcommand is required" : p.error().c_str(), kUsage);
        return 2;
    }
    const std::string sub = args.front();
    Context c;
    ConfigLoader loader;
    loader.setLogDiagnostics(false);
    c.config = loader.load(p.has("--config") ? QString::fromStdString(*p.value("--config")) : QString());
    c.ctx = static_cast<int>(p.intValue("--ctx").value_or(c.config.config.inference.contextLength));
    if (!p.error().empty()) {
        std::fprintf(stderr, "peregrine-cli models: %s\n", p.error().c_str());
        return 2;
    }
    if (!p.positionals().empty()) {
        for (const std::string& path : p.positionals()) {
            if (auto e = describeModel(QFileInfo(QString::fromStdString(path)).absoluteFilePath()))
                c.entries << *e;
            else {
                std::fprintf(
                    stderr,
                    "peregrine-cli models: %s is not a model (.gguf, .rkllm, or a Genie bundle folder)\n",
                    path.c_str());
                return 1;
            }
        }
    } else {
        const QStringList dirs = p.has("--dir") ? QStringList{QString::fromStdString(*p.value("--dir"))}
                                                : c.config.config.models.dirs;
        c.entries = scanModelDirs(dirs);
        if (c.entries.isEmpty())
            print(stderr, QStringLiteral("no models in %1").arg(dirs.join(QStringLiteral(", "))));
    }
    if (sub == "list") return cmdList(c);
    if (sub == "inspect") return cmdInspectAll(c);
    if (sub == "verify") return cmdVerify(c, p);
    if (sub == "compare") return cmdCompare(c, p);
    std::fprintf(stderr, "peregrine-cli models: unknown subcommand '%s'\n%s", sub.c_str(), kUsage);
    return 2;
}

}  // namespace peregrine::cli
