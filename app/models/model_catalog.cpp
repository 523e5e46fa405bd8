#include "models/model_catalog.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include "logging/logging.h"
#include "models/catalog_scan.h"

namespace peregrine {

namespace {

// Same file contents as far as a cheap check can tell: path, size and mtime (and the sidecar's presence).
bool unchanged(const CatalogEntry& old, const QFileInfo& fi) {
    return !fi.isDir() && old.sizeBytes == fi.size() && old.modified == fi.lastModified();
}

bool sameEntry(const CatalogEntry& a, const CatalogEntry& b) {
    return a.path == b.path && a.displayName == b.displayName && a.sizeBytes == b.sizeBytes &&
           a.modified == b.modified && a.status == b.status && a.statusMessage == b.statusMessage &&
           a.sidecar.sha256 == b.sidecar.sha256 && a.sidecar.runtimeVersion == b.sidecar.runtimeVersion &&
           a.genie.ctxBins == b.genie.ctxBins && a.genie.ctxBinBytes == b.genie.ctxBinBytes;
}

}  // namespace

ModelCatalog::ModelCatalog(QObject* parent) : QObject(parent) {
    qRegisterMetaType<peregrine::CatalogEntry>();
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &ModelCatalog::rescan);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &ModelCatalog::scheduleRescan);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &ModelCatalog::scheduleRescan);
}

void ModelCatalog::setDirs(const QStringList& dirs) {
    m_dirs = dirs;
    rescan();
}

void ModelCatalog::scheduleRescan() {
    m_debounce.start();
}

const CatalogEntry* ModelCatalog::find(const QString& pathOrName) const {
    if (pathOrName.isEmpty()) return nullptr;
    const QString abs = QFileInfo(pathOrName).isAbsolute() ? QDir::cleanPath(pathOrName) : QString();
    for (const CatalogEntry& e : m_entries)
        if ((!abs.isEmpty() && e.path == abs) || e.fileName == pathOrName) return &e;
    return nullptr;
}

QString ModelCatalog::resolve(const QString& pathOrName) const {
    const CatalogEntry* e = find(pathOrName);
    return e ? e->path : QString();
}

void ModelCatalog::rescan() {
    QHash<QString, CatalogEntry> old;
    for (const CatalogEntry& e : std::as_const(m_entries)) old.insert(e.path, e);

    QList<CatalogEntry> fresh;
    for (const QString& path : listModelPaths(m_dirs)) {
        const QFileInfo fi(path);
        const auto it = old.constFind(fi.absoluteFilePath());
        if (it != old.constEnd() && unchanged(*it, fi)) {
            CatalogEntry e = *it;
            e.sidecar = readSidecar(e.path, false);  // cheap; a sidecar may have been edited
            if (!e.sidecar.name.isEmpty()) e.displayName = e.sidecar.name;
            fresh << e;
        } else if (auto e = describeModel(path)) {
            fresh << *e;
        }
    }
    sortEntries(fresh);

    QSet<QString> before, after;
    for (const CatalogEntry& e : std::as_const(m_entries)) before.insert(e.path);
    for (const CatalogEntry& e : std::as_const(fresh)) after.insert(e.path);
    bool changed = fresh.size() != m_entries.size();
    for (qsizetype i = 0; !changed && i < fresh.size(); ++i) changed = !sameEntry(fresh[i], m_entries[i]);

    m_entries = std::move(fresh);
    updateWatches();
    if (!changed) return;
    qCInfo(lcModels) << "catalog:" << m_entries.size() << "models in" << m_dirs;
    for (const QString& p : after - before) emit entryAdded(p);
    for (const QString& p : before - after) emit entryRemoved(p);
    emit entriesChanged();
}

void ModelCatalog::updateWatches() {
    QStringList wanted;
    for (const QString& d : std::as_const(m_dirs)) {
        QString dir = QDir::cleanPath(QDir(d).absolutePath());
        // A folder that does not exist yet: watch the nearest existing parent.
        while (!QFileInfo(dir).isDir() && QFileInfo(dir).dir().absolutePath() != dir)
            dir = QFileInfo(dir).dir().absolutePath();
        wanted << dir;
    }
    // Bundle folders (a ctx-bin copied in later) and model files (a download finishing in place).
    for (const CatalogEntry& e : std::as_const(m_entries)) wanted << e.path;
    wanted.removeDuplicates();
    const QStringList current = m_watcher.directories() + m_watcher.files();
    QStringList add, remove;
    for (const QString& p : wanted)
        if (!current.contains(p)) add << p;
    for (const QString& p : current)
        if (!wanted.contains(p)) remove << p;
    if (!remove.isEmpty()) m_watcher.removePaths(remove);
    if (!add.isEmpty()) m_watcher.addPaths(add);
}

}  // namespace peregrine
