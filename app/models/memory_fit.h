// Memory fit: does a model fit in what this board can give it?
//
// need   = weights (mapped file data) + KV cache at the configured context + compute buffers + runtime
// overhead budget = a configured board limit when set (e.g. the largest contiguous allocation a Jetson can
// make), else
//          MemAvailable from /proc/meminfo. During a switch the current model is still loaded, so
//          MemAvailable already excludes it: that is the right budget for loading the candidate beside it.
// verdict: Fits when need <= kTightFraction * budget, Tight up to the budget, DoesNotFit beyond.
// Thread: any; cost: one read of /proc/meminfo.
#pragma once

#include <QString>
#include <cstdint>

namespace peregrine {

struct CatalogEntry;

// "12 KB", "734 MB", "1.9 GB"
QString sizeText(qint64 bytes);

enum class FitVerdict { Fits, Tight, DoesNotFit, Unknown };
QString fitVerdictName(FitVerdict v);  // "fits", "tight", "does not fit", "unknown"

struct MemoryBudget {
    qint64 bytes = -1;  // -1: unknown
    QString source;     // "MemAvailable", "board limit (models.memory_limit)"
};

// limitBytes > 0: that limit (a configured board limit); else MemAvailable under procRoot.
MemoryBudget memoryBudget(qint64 limitBytes = 0, const QString& procRoot = QStringLiteral("/proc"));

struct MemoryNeed {
    qint64 weightBytes = 0;
    qint64 kvCacheBytes = 0;
    qint64 bufferBytes = 0;
    qint64 overheadBytes = 0;
    int contextLength = 0;
    qint64 total() const { return weightBytes + kvCacheBytes + bufferBytes + overheadBytes; }
};

// Fixed runtime overhead on top of the model: code, thread stacks, allocator slack, tokenizer tables.
constexpr qint64 kRuntimeOverheadBytes = 96ll << 20;
constexpr double kTightFraction = 0.85;

// The need of an entry at contextLength (clamped to the model's trained context). GGUF: from ModelInfo;
// Genie bundle: ctx-bin sizes (KV lives inside the binaries); RKLLM: the file size.
MemoryNeed memoryNeed(const CatalogEntry& entry, int contextLength);

struct MemoryFit {
    FitVerdict verdict = FitVerdict::Unknown;
    MemoryNeed need;
    MemoryBudget budget;
    // "needs 2.4 GB (weights 1.9 GB + KV cache 448 MB at 4096 tokens + buffers 12 MB + runtime 96 MB), 1.5 GB
    // available (MemAvailable): does not fit"
    QString message;
    QString fix;  // "" when it fits
};

MemoryFit checkMemoryFit(const MemoryNeed& need, const MemoryBudget& budget);

}  // namespace peregrine
