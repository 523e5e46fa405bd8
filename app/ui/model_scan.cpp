#include "ui/model_scan.h"

#include <QDir>
#include <QFileInfo>
#include <algorithm>

#include "gguf/gguf_file.h"
#include "model/model_info.h"

namespace peregrine {

QStringList findModelFiles(const QStringList& dirs) {
    QStringList files;
    for (const QString& d : dirs) {
        const QDir dir(d);
        if (!dir.exists()) continue;
        for (const QFileInfo& fi :
             dir.entryInfoList({QStringLiteral("*.gguf")}, QDir::Files | QDir::Readable, QDir::Name)) {
            const QString p = fi.absoluteFilePath();
            if (!files.contains(p)) files << p;
        }
    }
    return files;
}

ModelEntry inspectModel(const QString& path, int contextLength) {
    ModelEntry e;
    const QFileInfo fi(path);
    e.path = fi.absoluteFilePath();
    e.fileName = fi.fileName();
    e.name = fi.completeBaseName();
    e.sizeBytes = fi.size();
    auto file = GgufFile::open(path.toStdString());
    if (!file) {
        e.error = QString::fromStdString(file.message());
        return e;
    }
    auto info = readModelInfo(**file);
    if (!info) {
        e.error = QString::fromStdString(info.message());
        return e;
    }
    const ModelInfo& m = *info;
    if (!m.name.empty()) e.name = QString::fromStdString(m.name);
    e.architecture = QString::fromStdString(m.architecture);
    e.quantization = QString::fromStdString(m.fileType);
    e.trainedContext = m.contextLength;
    e.context = m.contextLength > 0 ? std::min(contextLength, m.contextLength) : contextLength;
    e.nParams = m.nParams;
    e.estimatedMemoryBytes = static_cast<qint64>(m.estimatedMemoryBytes(e.context));
    return e;
}

QString formatParams(quint64 n) {
    if (n >= 1000000000ull) return QStringLiteral("%1B").arg(n / 1e9, 0, 'f', 1);
    if (n >= 1000000ull) return QStringLiteral("%1M").arg(n / 1e6, 0, 'f', n >= 100000000ull ? 0 : 1);
    if (n >= 1000ull) return QStringLiteral("%1K").arg(qRound(n / 1e3));
    return QString::number(n);
}

}  // namespace peregrine
