#include "models/sha256_cache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace peregrine {

HashResult sha256File(const QString& path, const HashProgress& progress, const std::atomic<bool>* cancel) {
    HashResult r;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        r.error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return r;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const qint64 total = f.size();
    qint64 done = 0;
    QByteArray buffer(static_cast<qsizetype>(Sha256Cache::kChunkBytes), Qt::Uninitialized);
    while (true) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            r.error = QStringLiteral("cancelled");
            return r;
        }
        const qint64 n = f.read(buffer.data(), buffer.size());
        if (n < 0) {
            r.error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
            return r;
        }
        if (n == 0) break;
        hash.addData(QByteArrayView(buffer.constData(), n));
        done += n;
        if (progress) progress(done, total);
    }
    r.hex = QString::fromLatin1(hash.result().toHex());
    return r;
}

Sha256Cache::Sha256Cache(const QString& cacheFile) : m_file(cacheFile) {
    load();
}

QString Sha256Cache::defaultCacheFile() {
    QString base = qEnvironmentVariable("XDG_CACHE_HOME");
    if (base.isEmpty()) base = QDir::homePath() + QStringLiteral("/.cache");
    return base + QStringLiteral("/peregrine/sha256.json");
}

int Sha256Cache::size() const {
    QMutexLocker lock(&m_mutex);
    return static_cast<int>(m_items.size());
}

QString Sha256Cache::cached(const QString& path) const {
    const QFileInfo fi(path);
    QMutexLocker lock(&m_mutex);
    const auto it = m_items.constFind(fi.absoluteFilePath());
    if (it == m_items.constEnd() || it->size != fi.size() ||
        it->mtimeMs != fi.lastModified().toMSecsSinceEpoch())
        return {};
    return it->hex;
}

HashResult Sha256Cache::hash(const QString& path, const HashProgress& progress,
                             const std::atomic<bool>* cancel) {
    if (QString hex = cached(path); !hex.isEmpty()) {
        HashResult r;
        r.hex = hex;
        r.fromCache = true;
        if (progress) progress(QFileInfo(path).size(), QFileInfo(path).size());
        return r;
    }
    const QFileInfo before(path);
    HashResult r = sha256File(path, progress, cancel);
    const QFileInfo after(path);
    // Only remember a digest of a file that did not change while it was read.
    if (!r.hex.isEmpty() && before.size() == after.size() && before.lastModified() == after.lastModified()) {
        QMutexLocker lock(&m_mutex);
        m_items.insert(after.absoluteFilePath(),
                       {after.size(), after.lastModified().toMSecsSinceEpoch(), r.hex});
        save();
    }
    return r;
}

void Sha256Cache::load() {
    if (m_file.isEmpty()) return;
    QFile f(m_file);
    if (!f.open(QIODevice::ReadOnly)) return;
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        const QString hex = o.value(QStringLiteral("sha256")).toString();
        if (hex.size() != 64) continue;
        m_items.insert(it.key(), {static_cast<qint64>(o.value(QStringLiteral("size")).toDouble()),
                                  static_cast<qint64>(o.value(QStringLiteral("mtime_ms")).toDouble()), hex});
    }
}

void Sha256Cache::save() const {
    if (m_file.isEmpty()) return;
    QJsonObject root;
    for (auto it = m_items.begin(); it != m_items.end(); ++it)
        root.insert(it.key(), QJsonObject{{QStringLiteral("size"), static_cast<double>(it->size)},
                                          {QStringLiteral("mtime_ms"), static_cast<double>(it->mtimeMs)},
                                          {QStringLiteral("sha256"), it->hex}});
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    QSaveFile f(m_file);
    if (!f.open(QIODevice::WriteOnly)) return;  // a cache: failing to persist it is not an error
    f.write(QJsonDocument(root).toJson(QJsonDocument::Compact));
    f.commit();
}

}  // namespace peregrine
