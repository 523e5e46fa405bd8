// One model the catalog found: a GGUF file, a Qualcomm Genie bundle folder or a Rockchip .rkllm file, with
// what can be learnt without loading weights. Plain value type; copies are cheap (ModelInfo holds small
// vectors). Safe to pass through queued signals (registered as peregrine::CatalogEntry).
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>

#include "model/model_info.h"
#include "models/model_sidecar.h"

namespace peregrine {

enum class ModelKind { Gguf, GenieBundle, Rkllm };
QString modelKindName(ModelKind kind);  // "GGUF", "Genie bundle", "RKLLM"

// What the catalog knows after its cheap scan (header parse, file presence). The verifier goes further
// (checksum, memory fit, runtime versions).
enum class EntryStatus {
    Ok,       // readable; the verifier has more to say
    Invalid,  // the scan already found a problem (statusMessage says which)
};

// Files of a Genie bundle, as genie_config.json names them (empty when the config does not parse).
struct GenieBundleFiles {
    QString config;          // genie_config.json (absolute)
    QString tokenizer;       // tokenizer.path resolved against the folder
    QString extensions;      // backend.extensions (htp_backend_ext_config.json)
    QStringList ctxBins;     // binary.ctx-bins resolved, in order
    qint64 ctxBinBytes = 0;  // sum of the sizes of those present
};

struct CatalogEntry {
    ModelKind kind = ModelKind::Gguf;
    QString path;          // absolute file or folder path (the key of an entry)
    QString fileName;      // last path component
    QString displayName;   // sidecar name, else general.name, else the file name without extension
    qint64 sizeBytes = 0;  // file size; bundles: the folder's files together
    QDateTime modified;    // file mtime; bundles: newest file
    ModelSidecar sidecar;
    std::optional<ModelInfo> info;  // GGUF whose header validated
    GenieBundleFiles genie;         // GenieBundle
    EntryStatus status = EntryStatus::Ok;
    QString statusMessage;  // the scan's finding when Invalid ("truncated file: ...")

    bool isVendorBundle() const { return kind != ModelKind::Gguf; }
};

}  // namespace peregrine

Q_DECLARE_METATYPE(peregrine::CatalogEntry)
