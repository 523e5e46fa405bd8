// ModelCatalog: the models in the configured folders, kept current while files appear or disappear.
//
// A QFileSystemWatcher watches the folders (and each bundle folder); changes are debounced (kDebounceMs, so a
// copy in progress triggers one rescan, not hundreds) and then the folders are rescanned. An entry whose
// (size, mtime) did not change keeps its previous description (no header re-parse). entriesChanged() fires
// only when the list or an entry actually changed.
//
// Thread: lives on the thread that created it (the UI thread in the app); rescan() runs on that thread and
// costs a directory listing plus one header parse per new or changed GGUF (about a millisecond each). No
// checksum is ever computed here (see ModelVerifier).
#pragma once

#include <QFileSystemWatcher>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include "models/catalog_entry.h"

namespace peregrine {

class ModelCatalog : public QObject {
    Q_OBJECT

public:
    static constexpr int kDebounceMs = 300;

    explicit ModelCatalog(QObject* parent = nullptr);

    // models.dirs. Rescans at once and starts watching (folders that do not exist yet are watched through
    // their parent, so creating the models folder later is noticed on the next debounced rescan).
    void setDirs(const QStringList& dirs);
    QStringList dirs() const { return m_dirs; }
    void setDebounceMs(int ms) { m_debounce.setInterval(ms); }

    const QList<CatalogEntry>& entries() const { return m_entries; }
    // The entry for a path (absolute, or a file/folder name inside one of the dirs, as models.current may
    // hold); nullptr when absent.
    const CatalogEntry* find(const QString& pathOrName) const;
    // Resolves models.current / models.last_good values to an absolute path ("" when not in the catalog).
    QString resolve(const QString& pathOrName) const;

public slots:
    void rescan();

signals:
    void entriesChanged();
    void entryAdded(const QString& path);
    void entryRemoved(const QString& path);

private:
    void scheduleRescan();
    void updateWatches();

    QStringList m_dirs;
    QList<CatalogEntry> m_entries;
    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
};

}  // namespace peregrine
