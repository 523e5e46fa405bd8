#include "models/model_verifier.h"

#include <QFileInfo>

#include "gguf/gguf_file.h"
#include "runtime/model_check.h"
#include "logging/logging.h"
#include "models/catalog_scan.h"

namespace peregrine {

namespace {

VerifyIssue issue(IssueClass c, QString message, QString fix, Severity s = Severity::Error) {
    return VerifyIssue{c, s, std::move(message), std::move(fix)};
}

// GgufFile::open errors: truncation is its own class (the most common field failure: a partial download).
VerifyIssue classifyOpenError(const QString& message) {
    if (message.contains(QLatin1String("truncated")) ||
        message.contains(QLatin1String("incomplete download")))
        return issue(
            IssueClass::Truncated, message,
            QStringLiteral("the file is shorter than its header says; re-download it (and check free disk "
                           "space)"));
    return issue(IssueClass::InvalidGguf, QStringLiteral("not a valid GGUF file (%1)").arg(message),
                 QStringLiteral("re-download it, or re-convert it with llama.cpp's convert script"));
}

// readModelInfo errors.
VerifyIssue classifyModelError(const QString& message) {
    if (message.startsWith(QLatin1String("unsupported architecture")))
        return issue(IssueClass::UnknownArchitecture, message,
                     QStringLiteral("pick a model of a supported architecture, or update Peregrine"));
    if (message.contains(QLatin1String("cannot compute with")))
        return issue(
            IssueClass::UnsupportedTensorType, message,
            QStringLiteral("use a quantization this engine runs (Q4_K_M, Q4_0, Q5_K_M, Q6_K, Q8_0, F16)"));
    return issue(IssueClass::InvalidModel, message,
                 QStringLiteral("re-convert the model with a current llama.cpp convert script"));
}

void verifyChecksum(const CatalogEntry& e, const VerifyOptions& o, VerifyReport& r) {
    if (!o.checksum || e.sidecar.sha256.isEmpty() || e.kind == ModelKind::GenieBundle) return;
    const HashResult h =
        o.cache ? o.cache->hash(e.path, o.progress, o.cancel) : sha256File(e.path, o.progress, o.cancel);
    if (h.error == QLatin1String("cancelled")) {
        r.issues << issue(IssueClass::Cancelled, QStringLiteral("checksum not finished (cancelled)"), {});
        return;
    }
    if (h.hex.isEmpty()) {
        r.issues << issue(IssueClass::Unreadable, h.error,
                          QStringLiteral("check the file's permissions and the disk"));
        return;
    }
    r.sha256 = h.hex;
    if (h.hex != e.sidecar.sha256)
        r.issues << issue(
            IssueClass::ChecksumMismatch,
            QStringLiteral("sha256 mismatch: the file is corrupt or a partial download (expected %1..., "
                           "got %2...)")
                .arg(e.sidecar.sha256.left(12), h.hex.left(12)),
            QStringLiteral("re-download it"));
}

void verifyGguf(const CatalogEntry& e, VerifyReport& r) {
    auto file = GgufFile::open(e.path.toStdString());
    if (!file) {
        // The report names the file already: drop the engine's "'PATH': " prefix.
        QString message = QString::fromStdString(file.message());
        const QString prefix = QStringLiteral("'%1': ").arg(e.path);
        if (message.startsWith(prefix)) message = message.mid(prefix.size());
        r.issues << classifyOpenError(message);
        return;
    }
    // The same checks a load makes (runtime/model_check.h): "OK" means the model loads and answers.
    if (Status s = checkLoadable(**file); !s)
        r.issues << classifyModelError(QString::fromStdString(s.message()));
}

void verifyMemory(const CatalogEntry& e, const VerifyOptions& o, VerifyReport& r) {
    if (e.kind == ModelKind::Gguf && !e.info) return;  // nothing trustworthy to count
    const MemoryFit fit =
        checkMemoryFit(memoryNeed(e, o.contextLength), memoryBudget(o.memoryLimitBytes, o.procRoot));
    r.memory = fit;
    if (fit.verdict == FitVerdict::DoesNotFit)
        r.issues << issue(IssueClass::DoesNotFit, QStringLiteral("does not fit in memory: ") + fit.message,
                          fit.fix);
    else if (fit.verdict == FitVerdict::Tight)
        r.issues << issue(IssueClass::TightFit, QStringLiteral("memory is tight: ") + fit.message, fit.fix,
                          Severity::Warning);
}

}  // namespace

QString issueClassName(IssueClass c) {
    switch (c) {
        case IssueClass::ChecksumMismatch:
            return QStringLiteral("checksum-mismatch");
        case IssueClass::Truncated:
            return QStringLiteral("truncated");
        case IssueClass::InvalidGguf:
            return QStringLiteral("invalid-gguf");
        case IssueClass::UnknownArchitecture:
            return QStringLiteral("unknown-architecture");
        case IssueClass::UnsupportedTensorType:
            return QStringLiteral("unsupported-tensor-type");
        case IssueClass::InvalidModel:
            return QStringLiteral("invalid-model");
        case IssueClass::DoesNotFit:
            return QStringLiteral("does-not-fit");
        case IssueClass::TightFit:
            return QStringLiteral("tight-fit");
        case IssueClass::MissingFiles:
            return QStringLiteral("missing-files");
        case IssueClass::InvalidBundleConfig:
            return QStringLiteral("invalid-bundle-config");
        case IssueClass::RuntimeTooOld:
            return QStringLiteral("runtime-too-old");
        case IssueClass::RuntimeUnknown:
            return QStringLiteral("runtime-unknown");
        case IssueClass::RuntimeMismatch:
            return QStringLiteral("runtime-mismatch");
        case IssueClass::InvalidSidecar:
            return QStringLiteral("invalid-sidecar");
        case IssueClass::Unreadable:
            return QStringLiteral("unreadable");
        case IssueClass::Cancelled:
            return QStringLiteral("cancelled");
    }
    return {};
}

bool VerifyReport::ok() const {
    return errors().isEmpty();
}

QList<VerifyIssue> VerifyReport::errors() const {
    QList<VerifyIssue> out;
    for (const VerifyIssue& i : issues)
        if (i.severity == Severity::Error) out << i;
    return out;
}

bool VerifyReport::has(IssueClass c) const {
    for (const VerifyIssue& i : issues)
        if (i.cls == c) return true;
    return false;
}

QString VerifyReport::firstError() const {
    const auto e = errors();
    return e.isEmpty() ? QString() : e.first().text();
}

VerifyReport verifyModel(const CatalogEntry& e, const VerifyOptions& o) {
    VerifyReport r;
    r.path = e.path;
    r.displayName = e.displayName;
    r.kind = e.kind;
    if (!QFileInfo::exists(e.path)) {
        r.issues << issue(IssueClass::Unreadable, QStringLiteral("%1 no longer exists").arg(e.path),
                          QStringLiteral("pick another model"));
        return r;
    }
    if (!e.sidecar.error.isEmpty())
        r.issues << issue(IssueClass::InvalidSidecar, e.sidecar.error,
                          QStringLiteral("fix the sidecar file (its values are ignored meanwhile)"),
                          Severity::Warning);
    verifyChecksum(e, o, r);
    switch (e.kind) {
        case ModelKind::Gguf:
            verifyGguf(e, r);
            break;
        case ModelKind::GenieBundle:
            verifyGenieBundle(e, o, r);
            break;
        case ModelKind::Rkllm:
            verifyRkllm(e, o, r);
            break;
    }
    verifyMemory(e, o, r);
    qCDebug(lcModels) << "verified" << e.path << (r.ok() ? "ok" : qPrintable(r.firstError()));
    return r;
}

VerifyReport verifyModelPath(const QString& path, const VerifyOptions& o) {
    if (auto e = describeModel(path)) return verifyModel(*e, o);
    VerifyReport r;
    r.path = path;
    r.displayName = QFileInfo(path).fileName();
    r.issues << issue(IssueClass::Unreadable,
                      QFileInfo::exists(path)
                          ? QStringLiteral("%1 is not a model (a .gguf or .rkllm file, or a folder "
                                           "with genie_config.json)")
                                .arg(path)
                          : QStringLiteral("%1 does not exist").arg(path),
                      QStringLiteral("pick a model from the models folder"));
    return r;
}

}  // namespace peregrine
