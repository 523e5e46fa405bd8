// ModelFileWatch: notices when the file of the model in use changes on disk (copied over, truncated, renamed
// over, deleted) and reports once the file has settled, so the app can verify and reload it (or fall back).
// A copy in progress changes size and time many times; settled() comes only after the file has kept the same
// size and modification time for kSettleMs. The inference worker's own check (Session::modelFileStatus) can
// also call notifyChanged() when an answer ended because the file changed.
//
// Thread: UI thread (QFileSystemWatcher events, a poll timer; each poll is one stat of one file).
#pragma once

#include <QDateTime>
#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

namespace peregrine {

class ModelFileWatch : public QObject {
    Q_OBJECT

public:
    static constexpr int kSettleMs = 1500;
    static constexpr int kPollMs = 250;

    explicit ModelFileWatch(QObject* parent = nullptr);

    // The file to watch ("" stops watching). Its current size and time are the reference.
    void watch(const QString& path);
    QString path() const { return m_path; }
    // Treat the file as changed now (the engine saw it first); reason: what happened, in words.
    void notifyChanged(const QString& reason);

signals:
    // The file differs from the reference: reason in words ("it was rewritten"), emitted once per change.
    void changed(const QString& path, const QString& reason);
    // After changed(): the file exists again and has been stable for kSettleMs (verify and reload it now).
    void settled(const QString& path);

private:
    void onEvent();
    void poll();
    void rewatch();

    QFileSystemWatcher m_watcher;
    QTimer m_poll;
    QString m_path;
    qint64 m_size = -1;
    QDateTime m_mtime;
    quint64 m_inode = 0;
    bool m_changed = false;
    qint64 m_lastSize = -2;
    QDateTime m_lastMtime;
    int m_stableMs = 0;
};

}  // namespace peregrine
