// SHA-256 of model files: streamed in chunks (a multi-GB file never sits in memory), with progress and
// cancellation, and cached by (path, size, mtime) so a file is hashed once until it changes.
//
// Thread: Sha256Cache is thread-safe (a mutex guards the table); hashFile() blocks the calling thread for
// the whole read (about 1-2 s per GB from flash): call it from a worker, never the UI thread.
// Persistence: with a cache file set, results are loaded from it on construction and written back after
// each new hash (a small JSON file; a missing or corrupt file is ignored).
#pragma once

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QString>
#include <atomic>
#include <functional>

namespace peregrine {

// Called with bytes hashed so far and the file size, at most every chunk (4 MiB).
using HashProgress = std::function<void(qint64 done, qint64 total)>;

struct HashResult {
    QString hex;    // 64 lower-case hex digits; empty on failure
    QString error;  // "cannot read FILE: ...", "cancelled"
    bool fromCache = false;
};

// Streams the file through SHA-256. cancel (may be null) is polled between chunks.
HashResult sha256File(const QString& path, const HashProgress& progress = {},
                      const std::atomic<bool>* cancel = nullptr);

class Sha256Cache {
public:
    static constexpr qint64 kChunkBytes = 4ll << 20;

    explicit Sha256Cache(const QString& cacheFile = {});

    // Cached result when (size, mtime) still match, else hashes and remembers.
    HashResult hash(const QString& path, const HashProgress& progress = {},
                    const std::atomic<bool>* cancel = nullptr);
    // The cached digest without hashing ("" when unknown or stale).
    QString cached(const QString& path) const;
    int size() const;

    // $XDG_CACHE_HOME/peregrine/sha256.json (default ~/.cache/peregrine/sha256.json).
    static QString defaultCacheFile();

private:
    struct Item {
        qint64 size = 0;
        qint64 mtimeMs = 0;
        QString hex;
    };
    void load();
    void save() const;  // called with m_mutex held

    QString m_file;
    mutable QMutex m_mutex;
    QHash<QString, Item> m_items;  // absolute path -> digest
};

}  // namespace peregrine
