// runDoctor's models half: each models folder (present, readable, what it holds) and each model's verdict
// from the verifier (checksum, truncation, format, memory fit, runtime compatibility), plus the runtime
// library a vendor bundle needs. A folder missing or no model that verifies is a problem: the app has nothing
// to answer with. A broken model beside a good one is a warning unless it is models.current.
#include <QDir>
#include <QFileInfo>

#include "doctor/doctor.h"
#include "models/catalog_scan.h"
#include "models/model_verifier.h"
#include "models/sha256_cache.h"

namespace peregrine {

void addModelChecks(const DoctorOptions& options, DoctorReport* report);

namespace {

const QString kSection = QStringLiteral("models");

void add(DoctorReport* r, DoctorStatus status, const QString& text, const QString& fix = {}) {
    r->checks << DoctorCheck{kSection, status, text, fix};
}

bool libraryFound(const DoctorOptions& o, const QString& name) {
    for (const DoctorLibrary& lib : o.libraries)
        if (lib.name == name) return !lib.path.isEmpty();
    return false;
}

bool isCurrent(const DoctorOptions& o, const CatalogEntry& e) {
    return !o.currentModel.isEmpty() && (e.fileName == o.currentModel || e.path == o.currentModel);
}

}  // namespace

void addModelChecks(const DoctorOptions& o, DoctorReport* r) {
    if (o.modelDirs.isEmpty()) {
        add(r, DoctorStatus::Problem, QStringLiteral("no models folder configured"),
            QStringLiteral(
                "set models.dirs in /etc/peregrine/peregrine.yaml (kiosk: /var/lib/peregrine/models)"));
        return;
    }
    int present = 0;
    for (const QString& dir : o.modelDirs) {
        const QFileInfo fi(dir);
        if (!fi.isDir()) {
            add(r, DoctorStatus::Warning, QStringLiteral("%1: no such folder").arg(dir),
                QStringLiteral("sudo install -d -o peregrine -g peregrine %1").arg(dir));
        } else if (!fi.isReadable() || !fi.isExecutable()) {
            add(r, DoctorStatus::Warning, QStringLiteral("%1: not readable by this user").arg(dir),
                QStringLiteral("sudo chown -R peregrine:peregrine %1").arg(dir));
        } else {
            ++present;
            add(r, DoctorStatus::Ok,
                QStringLiteral("%1: %2 models").arg(dir).arg(listModelPaths({dir}).size()));
        }
    }
    const QString first = o.modelDirs.first();
    if (present == 0) {
        add(r, DoctorStatus::Problem, QStringLiteral("none of the models folders exists"),
            QStringLiteral("create %1 (owned by the service user) and copy a .gguf model into it")
                .arg(first));
        return;
    }
    const QList<CatalogEntry> entries = scanModelDirs(o.modelDirs);
    if (entries.isEmpty()) {
        add(r, DoctorStatus::Problem, QStringLiteral("no model in the models folders"),
            QStringLiteral("copy a .gguf model into %1 (e.g. from a USB stick), then run doctor again")
                .arg(first));
        return;
    }

    VerifyOptions vo;
    vo.contextLength = o.contextLength;
    vo.memoryLimitBytes = o.memoryLimitBytes;
    vo.procRoot = o.procRoot;
    vo.board = o.board;
    vo.checksum = o.checksum;
    Sha256Cache cache(Sha256Cache::defaultCacheFile());
    vo.cache = &cache;
    QList<VerifyReport> reports;
    int good = 0;
    for (const CatalogEntry& e : entries) {
        reports << verifyModel(e, vo);
        good += reports.last().ok() ? 1 : 0;
    }
    for (int i = 0; i < entries.size(); ++i) {
        const CatalogEntry& e = entries[i];
        const VerifyReport& v = reports[i];
        const QString name =
            QStringLiteral("%1 (%2, %3)").arg(e.displayName, e.fileName, modelKindName(e.kind));
        if (v.ok()) {
            add(r, DoctorStatus::Ok,
                name + (v.memory ? QStringLiteral(": verified; %1").arg(v.memory->message)
                                 : QStringLiteral(": verified")));
        } else {
            const VerifyIssue err = v.errors().first();
            const bool needed = good == 0 || isCurrent(o, e);
            add(r, needed ? DoctorStatus::Problem : DoctorStatus::Warning,
                QStringLiteral("%1: %2 [%3]").arg(name, err.message, issueClassName(err.cls)),
                err.fix.isEmpty() ? QStringLiteral("replace the file (copy it again, compare its sha256)")
                                  : err.fix);
        }
        for (const VerifyIssue& w : v.issues)
            if (w.severity == Severity::Warning)
                add(r, DoctorStatus::Warning, QStringLiteral("%1: %2").arg(name, w.message), w.fix);
        if (e.kind == ModelKind::GenieBundle && !libraryFound(o, QStringLiteral("libGenie.so")))
            add(r, DoctorStatus::Problem,
                name + QStringLiteral(": needs libGenie.so, which is not installed"),
                QStringLiteral(
                    "install the board's QAIRT runtime (libGenie.so, libQnnHtp.so) where the loader "
                    "finds it (/usr/lib or LD_LIBRARY_PATH in a drop-in)"));
        if (e.kind == ModelKind::Rkllm && !libraryFound(o, QStringLiteral("librkllmrt.so")))
            add(r, DoctorStatus::Problem,
                name + QStringLiteral(": needs librkllmrt.so, which is not installed"),
                QStringLiteral("install Rockchip's RKLLM runtime (librkllmrt.so) into /usr/lib"));
    }
    if (!o.currentModel.isEmpty()) {
        bool found = false;
        for (const CatalogEntry& e : entries) found = found || isCurrent(o, e);
        if (!found)
            add(r, DoctorStatus::Problem,
                QStringLiteral("models.current is %1, which is not in the models folders")
                    .arg(o.currentModel),
                QStringLiteral(
                    "copy it into %1, or remove the model drop-in (see `systemctl cat peregrine-kiosk`) "
                    "and run systemctl daemon-reload")
                    .arg(first));
    }
}

}  // namespace peregrine
