#include "models/catalog_scan.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <algorithm>

#include "gguf/gguf_file.h"

namespace peregrine {

namespace {

constexpr auto kGenieConfig = "genie_config.json";

// Resolves a path from genie_config.json against the bundle folder. Sample configs carry placeholders that
// apps replace at load time (ChatApp: <models_path>, <tokenizer_path>, <htp_backend_ext_path>).
QString resolveBundlePath(const QDir& folder, QString value, const char* placeholderDefault) {
    value.replace(QStringLiteral("<models_path>"), folder.absolutePath());
    if (value.startsWith(QLatin1Char('<')) && value.endsWith(QLatin1Char('>')))
        value = QString::fromLatin1(placeholderDefault);
    return QDir::cleanPath(folder.absoluteFilePath(value));
}

QList<QJsonObject> engineObjects(const QJsonObject& dialog) {
    QList<QJsonObject> engines;
    const QJsonValue e = dialog.value(QStringLiteral("engine"));
    if (e.isObject()) engines << e.toObject();
    for (const QJsonValue& v : e.toArray())
        if (v.isObject()) engines << v.toObject();
    return engines;
}

CatalogEntry describeGguf(const QFileInfo& fi) {
    CatalogEntry e;
    e.kind = ModelKind::Gguf;
    auto file = GgufFile::open(fi.absoluteFilePath().toStdString());
    if (!file) {
        e.status = EntryStatus::Invalid;
        e.statusMessage = QString::fromStdString(file.message());
        return e;
    }
    auto info = readModelInfo(**file);
    if (!info) {
        e.status = EntryStatus::Invalid;
        e.statusMessage = QString::fromStdString(info.message());
        return e;
    }
    e.info = std::move(*info);
    return e;
}

CatalogEntry describeGenie(const QFileInfo& fi) {
    CatalogEntry e;
    e.kind = ModelKind::GenieBundle;
    QString error;
    e.genie = readGenieBundleFiles(fi.absoluteFilePath(), &error);
    if (!error.isEmpty()) {
        e.status = EntryStatus::Invalid;
        e.statusMessage = error;
    }
    // Size and mtime over the folder's regular files (one level; bundles are flat).
    QDirIterator it(fi.absoluteFilePath(), QDir::Files | QDir::NoDotAndDotDot);
    while (it.hasNext()) {
        const QFileInfo f(it.next());
        e.sizeBytes += f.size();
        if (!e.modified.isValid() || f.lastModified() > e.modified) e.modified = f.lastModified();
    }
    return e;
}

QString displayNameFor(const CatalogEntry& e, const QFileInfo& fi) {
    if (!e.sidecar.name.isEmpty()) return e.sidecar.name;
    if (e.info && !e.info->name.empty()) return QString::fromStdString(e.info->name);
    return e.kind == ModelKind::GenieBundle ? fi.fileName() : fi.completeBaseName();
}

}  // namespace

GenieBundleFiles readGenieBundleFiles(const QString& folderPath, QString* error) {
    const QDir folder(folderPath);
    GenieBundleFiles files;
    files.config = folder.absoluteFilePath(QString::fromLatin1(kGenieConfig));
    QFile f(files.config);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read (%2)").arg(files.config, f.errorString());
        return files;
    }
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &perr);
    if (perr.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("%1: not valid JSON (%2 at byte %3)")
                     .arg(files.config, perr.errorString())
                     .arg(perr.offset);
        return files;
    }
    const QJsonObject dialog = doc.object().value(QStringLiteral("dialog")).toObject();
    const QString tok =
        dialog.value(QStringLiteral("tokenizer")).toObject().value(QStringLiteral("path")).toString();
    files.tokenizer =
        resolveBundlePath(folder, tok.isEmpty() ? QStringLiteral("tokenizer.json") : tok, "tokenizer.json");
    for (const QJsonObject& engine : engineObjects(dialog)) {
        const QJsonObject backend = engine.value(QStringLiteral("backend")).toObject();
        const QString ext = backend.value(QStringLiteral("extensions")).toString();
        if (!ext.isEmpty() && files.extensions.isEmpty())
            files.extensions = resolveBundlePath(folder, ext, "htp_backend_ext_config.json");
        const QJsonObject binary =
            engine.value(QStringLiteral("model")).toObject().value(QStringLiteral("binary")).toObject();
        for (const QJsonValue& bin : binary.value(QStringLiteral("ctx-bins")).toArray()) {
            if (!bin.isString()) continue;
            const QString p = resolveBundlePath(folder, bin.toString(), "");
            files.ctxBins << p;
            if (QFileInfo(p).isFile()) files.ctxBinBytes += QFileInfo(p).size();
        }
    }
    return files;
}

bool isModelPath(const QString& path) {
    const QFileInfo fi(path);
    if (fi.isDir()) return QFileInfo::exists(QDir(path).filePath(QString::fromLatin1(kGenieConfig)));
    const QString suffix = fi.suffix().toLower();
    return fi.isFile() && (suffix == QLatin1String("gguf") || suffix == QLatin1String("rkllm"));
}

std::optional<CatalogEntry> describeModel(const QString& path) {
    if (!isModelPath(path)) return std::nullopt;
    const QFileInfo fi(path);
    CatalogEntry e;
    if (fi.isDir()) {
        e = describeGenie(fi);
    } else if (fi.suffix().toLower() == QLatin1String("rkllm")) {
        e.kind = ModelKind::Rkllm;
    } else {
        e = describeGguf(fi);
    }
    e.path = fi.absoluteFilePath();
    e.fileName = fi.fileName();
    if (!fi.isDir()) {
        e.sizeBytes = fi.size();
        e.modified = fi.lastModified();
    }
    e.sidecar = readSidecar(e.path, fi.isDir());
    e.displayName = displayNameFor(e, fi);
    return e;
}

QStringList listModelPaths(const QStringList& dirs) {
    QStringList paths;
    QSet<QString> seen;
    for (const QString& d : dirs) {
        const QDir dir(d);
        if (!dir.exists()) continue;
        const auto list = dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (const QFileInfo& fi : list) {
            const QString canonical = fi.canonicalFilePath();
            if (canonical.isEmpty() || seen.contains(canonical) || !isModelPath(fi.absoluteFilePath()))
                continue;
            seen.insert(canonical);
            paths << fi.absoluteFilePath();
        }
    }
    return paths;
}

void sortEntries(QList<CatalogEntry>& entries) {
    std::sort(entries.begin(), entries.end(), [](const CatalogEntry& a, const CatalogEntry& b) {
        const int c = QString::compare(a.displayName, b.displayName, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a.path < b.path;
    });
}

QList<CatalogEntry> scanModelDirs(const QStringList& dirs) {
    QList<CatalogEntry> entries;
    for (const QString& path : listModelPaths(dirs))
        if (auto e = describeModel(path)) entries << *e;
    sortEntries(entries);
    return entries;
}

QString modelKindName(ModelKind kind) {
    switch (kind) {
        case ModelKind::Gguf:
            return QStringLiteral("GGUF");
        case ModelKind::GenieBundle:
            return QStringLiteral("Genie bundle");
        case ModelKind::Rkllm:
            return QStringLiteral("RKLLM");
    }
    return {};
}

}  // namespace peregrine
