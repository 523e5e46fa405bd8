#include "models/model_compare.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <algorithm>
#include <exception>

#include "core/defaults.h"
#include "inference/benchmark_runner.h"
#include "inference/backend_factory.h"
#include "models/memory_fit.h"
#include "models/model_verifier.h"

namespace peregrine {

namespace {

QString seconds(double ms) {
    return ms < 0 ? QStringLiteral("-") : QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 2);
}
QString rate(double v) {  // 0: the runtime does not report it (Genie's prompt rate)
    if (v <= 0) return QStringLiteral("-");
    return QString::number(v, 'f', v < 100 ? 1 : 0);
}

}  // namespace

CompareRow compareModel(const CatalogEntry& entry, const CompareOptions& options,
                        const std::function<void(const QString&)>& progress) {
    CompareRow row;
    row.name = entry.displayName;
    row.path = entry.path;
    row.sizeBytes = entry.sizeBytes;
    row.memoryBytes = memoryNeed(entry, options.contextLength).total();
    if (entry.info) row.quantization = QString::fromStdString(entry.info->fileType);
    if (entry.status == EntryStatus::Invalid) {
        row.error = entry.statusMessage;
        return row;
    }
    row.backend = options.backend;
    const auto configured = parseBackendKind(options.backend.toStdString());
    if (!configured) {
        row.error = QStringLiteral("unknown backend '%1'").arg(options.backend);
        return row;
    }
    const BackendKind kind = backendKindFor(entry.path.toStdString(), *configured);
    row.backend = QString::fromLatin1(backendKindName(kind));
    if (entry.isVendorBundle()) {
        // The same checks as before a switch: files, JSON, compiled-for runtime vs the board's.
        VerifyOptions vo;
        vo.contextLength = options.contextLength;
        vo.board = options.board;
        vo.checksum = false;
        const VerifyReport report = verifyModel(entry, vo);
        if (!report.ok()) {
            row.error = QStringLiteral("refused: %1").arg(report.firstError());
            return row;
        }
    }
    if (progress) progress(QStringLiteral("loading %1").arg(entry.displayName));
    BackendRequest br;
    br.kind = kind;
    br.modelPath = entry.path.toStdString();
    br.session.contextLength = options.contextLength;
    br.session.threads = options.threads;
    br.llamacppLibrary = options.llamacppLibrary.toStdString();
    br.genieLibrary = options.genieLibrary.toStdString();
    br.qairtRoot = options.qairtRoot.toStdString();
    br.rkllmLibrary = options.rkllmLibrary.toStdString();
    br.rkllmVersion = options.rkllmVersion.toStdString();
    QElapsedTimer timer;
    timer.start();
    try {
        auto session = openBackend(br);
        if (!session) {
            row.error = QString::fromStdString(session.message());
            return row;
        }
        row.runtime = QString::fromStdString((*session)->runtimeDescription());
        row.loadMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        if (progress) progress(QStringLiteral("measuring %1").arg(entry.displayName));
        BenchmarkRequest request;
        request.promptTokens = options.promptTokens;
        request.generateTokens = options.generateTokens;
        request.repetitions = options.repetitions;
        QString error;
        const BenchmarkResult b = runBackendBenchmark(**session, request, &error);
        if (!error.isEmpty()) {
            row.error = error;
            return row;
        }
        row.promptTokPerSec = b.promptTokPerSec;
        row.decodeTokPerSec = b.decodeTokPerSec;
        row.ttftMs = b.ttftMs;
        row.promptTokens = b.promptTokens;
        row.generatedTokens = b.generatedTokens;
        row.threads = (*session)->capabilities().threadLever ? defaults::resolveThreads(options.threads) : 0;
    } catch (const std::exception& e) {
        row.error = QStringLiteral("failed: %1").arg(QString::fromLocal8Bit(e.what()));
    }
    return row;
}

QString formatCompareTable(QList<CompareRow> rows) {
    std::stable_sort(rows.begin(), rows.end(), [](const CompareRow& a, const CompareRow& b) {
        const double ra = a.error.isEmpty() ? a.responseMs(kVoiceAnswerTokens) : 1e18;
        const double rb = b.error.isEmpty() ? b.responseMs(kVoiceAnswerTokens) : 1e18;
        return ra < rb;
    });
    // general.name is often vague ("llama") or shared by several files: then the file name tells them apart.
    QHash<QString, int> nameCount;
    for (const CompareRow& r : std::as_const(rows)) ++nameCount[r.name];
    const bool backendColumn = std::any_of(rows.cbegin(), rows.cend(), [](const CompareRow& r) {
        return !r.backend.isEmpty() && r.backend != QLatin1String("native");
    });
    QString out = QStringLiteral(
                      "| model |%1 size | memory | prompt tok/s | decode tok/s | TTFT | 30 tok | 50 tok | "
                      "100 tok | verdict "
                      "(50 tok) |\n"
                      "|---|%2---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
                      .arg(backendColumn ? QStringLiteral(" backend |") : QString(),
                           backendColumn ? QStringLiteral("---|") : QString());
    for (const CompareRow& r : rows) {
        const QString file = QFileInfo(r.path).completeBaseName();
        const bool vague = nameCount.value(r.name) > 1 || r.name.size() < 8;
        const QString shown = vague && file != r.name ? QStringLiteral("%1 [%2]").arg(r.name, file) : r.name;
        QString name =
            r.quantization.isEmpty() ? shown : QStringLiteral("%1 (%2)").arg(shown, r.quantization);
        // The runtime without its library path ("llama.cpp 0.4.0-dev (/usr/lib/libllama.so)").
        if (backendColumn)
            name += QStringLiteral(" | %1").arg(
                r.runtime.isEmpty() ? r.backend : r.runtime.section(QStringLiteral(" (/"), 0, 0));

        if (!r.error.isEmpty()) {
            out += QStringLiteral("| %1 | %2 | %3 | - | - | - | - | - | - | failed: %4 |\n")
                       .arg(name, sizeText(r.sizeBytes), sizeText(r.memoryBytes), r.error);
            continue;
        }
        out += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 | %9 | %10 |\n")
                   .arg(name, sizeText(r.sizeBytes), sizeText(r.memoryBytes), rate(r.promptTokPerSec),
                        rate(r.decodeTokPerSec), QStringLiteral("%1 ms").arg(qRound(r.ttftMs)),
                        seconds(r.responseMs(30)), seconds(r.responseMs(50)), seconds(r.responseMs(100)))
                   .arg(voiceVerdictName(r.verdict()));
    }
    return out;
}

}  // namespace peregrine
