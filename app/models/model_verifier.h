// ModelVerifier: everything that can be known about a model before switching to it, each failure with its
// own plain message and fix (see verify_issue.h for the classes):
//   all kinds: sidecar parses; sha256 matches the sidecar's (streamed, cached); memory need vs budget.
//   GGUF:      header and tensor table valid, not truncated, architecture known, tensor types computable.
//   Genie:     genie_config.json, tokenizer, extensions config and every ctx-bin present; the JSON valid for
//              the board's Genie; compiled-with QAIRT not newer than the board's.
//   RKLLM:     converted-with RKLLM compared to the board's when both are known.
// No weights are loaded (the GGUF is mapped and its headers parsed).
//
// Thread: verifyModel() blocks for the checksum (about 1-2 s per GB, once per file thanks to the cache) and
// must run off the UI thread; VerifyWorker (model_verify_worker.h) wraps it for queued use.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <atomic>
#include <optional>

#include "models/catalog_entry.h"
#include "models/memory_fit.h"
#include "models/runtime_version.h"
#include "models/sha256_cache.h"
#include "models/verify_issue.h"

namespace peregrine {

struct VerifyOptions {
    int contextLength = 4096;     // inference.context_length: the KV cache the memory check counts
    qint64 memoryLimitBytes = 0;  // a board limit; 0 = MemAvailable
    QString procRoot = QStringLiteral("/proc");
    BoardRuntimes board;           // detectBoardRuntimes(); a default (unknown versions) gives warnings
    bool checksum = true;          // verify sha256 when the sidecar gives one
    Sha256Cache* cache = nullptr;  // not owned; null = hash without caching
    HashProgress progress;         // checksum progress (called on the verifying thread)
    const std::atomic<bool>* cancel = nullptr;
};

struct VerifyReport {
    QString path;
    QString displayName;
    ModelKind kind = ModelKind::Gguf;
    QList<VerifyIssue> issues;  // errors and warnings, in check order
    std::optional<MemoryFit> memory;
    QString sha256;  // computed digest ("" when not computed)

    bool ok() const;  // no errors (warnings allowed)
    QList<VerifyIssue> errors() const;
    bool has(IssueClass c) const;
    // The first error's text, or "" when ok: what the UI shows in one line.
    QString firstError() const;
};

VerifyReport verifyModel(const CatalogEntry& entry, const VerifyOptions& options);
// Describes the path (catalog_scan) then verifies; a path that is no model gives an Unreadable error.
VerifyReport verifyModelPath(const QString& path, const VerifyOptions& options);

// Per-kind steps (model_verifier_bundles.cpp); append to report.issues.
void verifyGenieBundle(const CatalogEntry& entry, const VerifyOptions& options, VerifyReport& report);
void verifyRkllm(const CatalogEntry& entry, const VerifyOptions& options, VerifyReport& report);
// The compile-vs-board check on its own (also used by the catalog view): an issue, or nullopt when fine.
std::optional<VerifyIssue> checkRuntimeVersion(const QString& runtimeName, const QString& compiledWith,
                                               const BoardRuntime& board);

}  // namespace peregrine

Q_DECLARE_METATYPE(peregrine::VerifyReport)
