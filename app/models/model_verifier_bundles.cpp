// Vendor bundle steps of the verifier: Genie bundle files, configs and QAIRT version; RKLLM version.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include "models/genie_config_check.h"
#include "models/model_verifier.h"

namespace peregrine {

namespace {

// Reads a JSON object file; on failure appends an InvalidBundleConfig issue and returns false.
bool readJsonObject(const QString& path, QJsonObject* out, VerifyReport& r) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return false;  // missing files are reported separately
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        r.issues << VerifyIssue{IssueClass::InvalidBundleConfig, Severity::Error,
                                QStringLiteral("%1 is not valid JSON (%2 at byte %3)")
                                    .arg(QFileInfo(path).fileName(), err.errorString())
                                    .arg(err.offset),
                                QStringLiteral("copy the bundle again, or fix the file")};
        return false;
    }
    *out = doc.object();
    return true;
}

void requireFile(const QString& path, const QString& role, VerifyReport& r) {
    if (QFileInfo(path).isFile()) return;
    r.issues << VerifyIssue{IssueClass::MissingFiles, Severity::Error,
                            QStringLiteral("missing %1 '%2'").arg(role, QFileInfo(path).fileName()),
                            QStringLiteral("copy the complete bundle again")};
}

}  // namespace

std::optional<VerifyIssue> checkRuntimeVersion(const QString& runtimeName, const QString& compiledWith,
                                               const BoardRuntime& board) {
    const QString label =
        runtimeName == QLatin1String("rkllm") ? QStringLiteral("RKLLM") : QStringLiteral("QAIRT");
    const QString key = QStringLiteral("runtimes.%1.version").arg(runtimeName);
    if (compiledWith.isEmpty())
        return VerifyIssue{
            IssueClass::RuntimeUnknown, Severity::Warning,
            QStringLiteral("the bundle does not record the %1 it was compiled with").arg(label),
            QStringLiteral("add runtime: {name: %1, version: \"X.Y.Z\"} to its peregrine.yaml")
                .arg(runtimeName)};
    const auto compiled = RuntimeVersion::parse(compiledWith);
    if (!compiled)
        return VerifyIssue{
            IssueClass::RuntimeUnknown, Severity::Warning,
            QStringLiteral("compiled-with version '%1' is not a version number").arg(compiledWith),
            QStringLiteral("write it as \"2.42.0\" in peregrine.yaml")};
    if (!board.version)
        return VerifyIssue{IssueClass::RuntimeUnknown, Severity::Warning,
                           QStringLiteral("compiled with %1 %2; this board's %1 version is unknown")
                               .arg(label, compiled->display()),
                           QStringLiteral("set %1 in the config (or PEREGRINE_%2_VERSION)").arg(key, label)};
    const RuntimeVersion& b = *board.version;
    if (compiled->compare(b) > 0)
        return VerifyIssue{
            IssueClass::RuntimeTooOld, Severity::Error,
            QStringLiteral("compiled with %1 %2, this board has %1 %3")
                .arg(label, compiled->display(), b.display()),
            QStringLiteral("recompile for %1 or update the board's runtime").arg(b.majorMinor())};
    if (runtimeName == QLatin1String("rkllm") && (compiled->major != b.major || compiled->minor != b.minor))
        return VerifyIssue{
            IssueClass::RuntimeMismatch, Severity::Warning,
            QStringLiteral("converted with RKLLM %1, this board runs RKLLM %2")
                .arg(compiled->display(), b.display()),
            QStringLiteral("RKLLM often refuses models from another toolkit release; reconvert with "
                           "%1 if it does not load")
                .arg(b.majorMinor())};
    return std::nullopt;
}

void verifyGenieBundle(const CatalogEntry& e, const VerifyOptions& o, VerifyReport& r) {
    QJsonObject config;
    const QString configPath = QDir(e.path).filePath(QStringLiteral("genie_config.json"));
    if (readJsonObject(configPath, &config, r)) {
        r.issues << checkGenieConfig(config, QStringLiteral("genie_config.json"));
        requireFile(e.genie.tokenizer, QStringLiteral("tokenizer"), r);
        const QString ext = e.genie.extensions.isEmpty()
                                ? QDir(e.path).filePath(QStringLiteral("htp_backend_ext_config.json"))
                                : e.genie.extensions;
        requireFile(ext, QStringLiteral("HTP backend config"), r);
        const qsizetype n = e.genie.ctxBins.size();
        for (qsizetype i = 0; i < n; ++i)
            requireFile(e.genie.ctxBins[i], QStringLiteral("ctx-bin %1 of %2").arg(i + 1).arg(n), r);
        QJsonObject extConfig;
        if (QFileInfo(ext).isFile() && readJsonObject(ext, &extConfig, r))
            r.issues << checkHtpExtensionsConfig(extConfig, QFileInfo(ext).fileName());
    } else if (!QFileInfo(configPath).isFile()) {
        requireFile(configPath, QStringLiteral("config"), r);
    }
    const QString runtime = e.sidecar.runtimeName.isEmpty() ? QStringLiteral("qairt") : e.sidecar.runtimeName;
    if (auto i = checkRuntimeVersion(runtime, e.sidecar.runtimeVersion, o.board.qairt)) r.issues << *i;
}

void verifyRkllm(const CatalogEntry& e, const VerifyOptions& o, VerifyReport& r) {
    if (e.sizeBytes == 0)
        r.issues << VerifyIssue{IssueClass::Truncated, Severity::Error,
                                QStringLiteral("%1 is empty (0 bytes)").arg(e.fileName),
                                QStringLiteral("re-download it")};
    // RKLLM has no version call; compare only when the sidecar and the board both say.
    if (!e.sidecar.runtimeVersion.isEmpty())
        if (auto i = checkRuntimeVersion(QStringLiteral("rkllm"), e.sidecar.runtimeVersion, o.board.rkllm))
            r.issues << *i;
}

}  // namespace peregrine
