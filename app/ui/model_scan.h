// Model discovery: lists GGUF files in the models folder(s) and describes each from its metadata and tensor
// headers (readModelInfo; weights are mapped, never read). A file that does not open or validate is listed
// with its error. Cost: one mmap + header parse per file (milliseconds); run it off the UI thread.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace peregrine {

struct ModelEntry {
    QString path;
    QString fileName;
    QString name;  // general.name, else the file name without .gguf
    QString architecture;
    QString quantization;  // "Q4_K_M"
    qint64 sizeBytes = 0;
    int trainedContext = 0;
    int context = 0;  // the configured context clamped to the trained one
    quint64 nParams = 0;
    qint64 estimatedMemoryBytes = 0;  // weights + KV cache + buffers at `context`
    QString error;                    // empty when the file is usable
    bool valid() const { return error.isEmpty(); }
};

// *.gguf files in dirs (not recursive), sorted by file name; missing dirs are skipped.
QStringList findModelFiles(const QStringList& dirs);

ModelEntry inspectModel(const QString& path, int contextLength);

// "260K", "1.2B"
QString formatParams(quint64 n);

}  // namespace peregrine
