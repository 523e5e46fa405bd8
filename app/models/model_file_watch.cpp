#include "models/model_file_watch.h"

#include <sys/stat.h>

#include <QFileInfo>

#include "logging/logging.h"

namespace peregrine {

namespace {
quint64 inodeOf(const QString& path) {
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? static_cast<quint64>(st.st_ino) : 0;
}
}  // namespace

ModelFileWatch::ModelFileWatch(QObject* parent) : QObject(parent) {
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &ModelFileWatch::poll);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &ModelFileWatch::onEvent);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &ModelFileWatch::onEvent);
}

void ModelFileWatch::watch(const QString& path) {
    m_poll.stop();
    m_changed = false;
    const QString abs = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    m_path = abs;
    if (!m_watcher.files().isEmpty()) m_watcher.removePaths(m_watcher.files());
    if (!m_watcher.directories().isEmpty()) m_watcher.removePaths(m_watcher.directories());
    if (abs.isEmpty()) return;
    const QFileInfo fi(abs);
    m_size = fi.exists() ? fi.size() : -1;
    m_mtime = fi.lastModified();
    m_inode = inodeOf(abs);
    rewatch();
}

void ModelFileWatch::rewatch() {
    // The file itself (writes, truncation) and its folder (a rename over it, a delete).
    if (QFileInfo::exists(m_path) && !m_watcher.files().contains(m_path)) m_watcher.addPath(m_path);
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!m_watcher.directories().contains(dir)) m_watcher.addPath(dir);
}

void ModelFileWatch::notifyChanged(const QString& reason) {
    if (m_path.isEmpty()) return;
    if (!m_changed) {
        m_changed = true;
        qCWarning(lcModels).noquote() << "model file changed on disk:" << m_path << "-" << reason;
        emit changed(m_path, reason);
    }
    m_stableMs = 0;
    m_lastSize = -2;
    if (!m_poll.isActive()) m_poll.start();
}

void ModelFileWatch::onEvent() {
    if (m_path.isEmpty()) return;
    rewatch();  // a file replaced by rename drops out of the watcher
    const QFileInfo fi(m_path);
    const qint64 size = fi.exists() ? fi.size() : -1;
    if (!m_changed && size == m_size && fi.lastModified() == m_mtime && inodeOf(m_path) == m_inode)
        return;  // another file in the folder
    QString reason;
    if (size < 0)
        reason = tr("it was removed");
    else if (inodeOf(m_path) != m_inode)
        reason = tr("it was replaced by another file");
    else if (size < m_size)
        reason = tr("it was truncated");
    else
        reason = tr("it was rewritten");
    notifyChanged(reason);
}

void ModelFileWatch::poll() {
    const QFileInfo fi(m_path);
    const qint64 size = fi.exists() ? fi.size() : -1;
    const QDateTime mtime = fi.lastModified();
    if (size <= 0 || size != m_lastSize || mtime != m_lastMtime) {
        m_lastSize = size;
        m_lastMtime = mtime;
        m_stableMs = 0;
        return;
    }
    m_stableMs += kPollMs;
    if (m_stableMs < kSettleMs) return;
    m_poll.stop();
    m_changed = false;
    m_size = size;
    m_mtime = mtime;
    m_inode = inodeOf(m_path);
    rewatch();
    qCInfo(lcModels).noquote() << "model file settled after a change:" << m_path;
    emit settled(m_path);
}

}  // namespace peregrine
