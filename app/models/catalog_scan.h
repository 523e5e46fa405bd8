// Catalog scan: finds models in folders and describes each without loading weights.
//   - *.gguf files: header + tensor table parsed and validated (readModelInfo); weights mapped, never read.
//   - sub-folders holding genie_config.json: Qualcomm Genie bundles (files named by the config).
//   - *.rkllm files: Rockchip RKLLM models (size and sidecar only; the format is closed).
// Sidecars (*.peregrine.yaml, peregrine.yaml) are read for every entry. Not recursive beyond one bundle
// level. Thread: any (no Qt objects); cost: one mmap + header parse per GGUF (about a millisecond), a
// directory listing per folder.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "models/catalog_entry.h"

namespace peregrine {

// Every model in dirs (missing dirs skipped), sorted by display name then path. A path that appears in two
// dirs is listed once.
QList<CatalogEntry> scanModelDirs(const QStringList& dirs);

// Sorts by display name (case-insensitive), then path: the catalog's order.
void sortEntries(QList<CatalogEntry>& entries);

// The model paths in dirs (absolute; files and bundle folders), in scan order, each once.
QStringList listModelPaths(const QStringList& dirs);

// One entry for a path (file or bundle folder); nullopt when the path is not a model we recognise.
std::optional<CatalogEntry> describeModel(const QString& path);

// True when path looks like a model the catalog lists (for cheap filtering of watcher events).
bool isModelPath(const QString& path);

// The Genie bundle's files as its genie_config.json names them. On a config that cannot be read the
// returned files hold only `config`, and *error says why.
GenieBundleFiles readGenieBundleFiles(const QString& folder, QString* error);

}  // namespace peregrine
