// Shared helpers for the governor tests: the simulated sysfs trees and traces in fixtures/, copied into a
// temporary folder so a test can rewrite temperatures and cooling states.
#pragma once

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QTemporaryDir>

namespace peregrine::test {

inline QString fixturePath(const QString& name) {
    return QStringLiteral(PEREGRINE_SOURCE_DIR "/tests/app/system/fixtures/") + name;
}

// A writable copy of fixtures/<board>.
class BoardTree {
public:
    explicit BoardTree(const QString& board) {
        const QString from = fixturePath(board);
        QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString src = it.next();
            const QString dst = m_dir.filePath(board + src.mid(from.size()));
            QDir().mkpath(QFileInfo(dst).absolutePath());
            QFile::copy(src, dst);
            QFile(dst).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        }
        m_root = m_dir.filePath(board);
    }
    QString root() const { return m_root; }
    void write(const QString& rel, const QString& text) const {
        QFile f(m_root + QLatin1Char('/') + rel);
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) f.write(text.toLatin1() + '\n');
    }
    // Sets every zone with a readable temperature to tempC (offline zones stay offline).
    void setAllTemps(double tempC) const {
        QDirIterator it(m_root + QStringLiteral("/class/thermal"), {QStringLiteral("temp")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) continue;
            const QByteArray old = f.readAll().trimmed();
            f.close();
            if (old.isEmpty() || old.toLongLong() <= 0) continue;
            QFile w(path);
            if (w.open(QIODevice::WriteOnly | QIODevice::Truncate))
                w.write(QByteArray::number(qRound64(tempC * 1000)) + '\n');
        }
    }
    // Releases throttling: every cooling device to 0, scaling_max_freq back to cpuinfo_max_freq.
    void unthrottle() const {
        QDirIterator it(m_root, {QStringLiteral("cur_state"), QStringLiteral("cpuinfo_max_freq")},
                        QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.endsWith(QLatin1String("cur_state"))) {
                QFile w(path);
                if (w.open(QIODevice::WriteOnly | QIODevice::Truncate)) w.write("0\n");
                continue;
            }
            QFile r(path);
            if (!r.open(QIODevice::ReadOnly)) continue;
            const QByteArray max = r.readAll();
            for (const char* name : {"/scaling_max_freq", "/scaling_cur_freq"}) {
                QFile w(QFileInfo(path).absolutePath() + QLatin1String(name));
                if (w.open(QIODevice::WriteOnly | QIODevice::Truncate)) w.write(max);
            }
        }
    }

private:
    QTemporaryDir m_dir;
    QString m_root;
};

}  // namespace peregrine::test
