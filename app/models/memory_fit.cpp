#include "models/memory_fit.h"

#include <algorithm>

#include "models/catalog_entry.h"
#include "system/memory_info.h"

namespace peregrine {

QString sizeText(qint64 bytes) {
    if (bytes >= 0 && bytes < (1ll << 20))
        return QStringLiteral("%1 KB").arg(std::max<qint64>(1, bytes / 1024));
    return formatBytes(bytes);
}

QString fitVerdictName(FitVerdict v) {
    switch (v) {
        case FitVerdict::Fits:
            return QStringLiteral("fits");
        case FitVerdict::Tight:
            return QStringLiteral("tight");
        case FitVerdict::DoesNotFit:
            return QStringLiteral("does not fit");
        case FitVerdict::Unknown:
            break;
    }
    return QStringLiteral("unknown");
}

MemoryBudget memoryBudget(qint64 limitBytes, const QString& procRoot) {
    MemoryBudget b;
    if (limitBytes > 0) {
        b.bytes = limitBytes;
        b.source = QStringLiteral("configured board limit");
        return b;
    }
    b.bytes = readMemoryInfo(procRoot).availableBytes;
    b.source = QStringLiteral("MemAvailable");
    return b;
}

MemoryNeed memoryNeed(const CatalogEntry& entry, int contextLength) {
    MemoryNeed n;
    n.overheadBytes = kRuntimeOverheadBytes;
    switch (entry.kind) {
        case ModelKind::Gguf:
            if (entry.info) {
                const ModelInfo& m = *entry.info;
                const int ctx = std::clamp(contextLength, 1, std::max(1, m.contextLength));
                n.contextLength = ctx;
                n.weightBytes = static_cast<qint64>(m.weightBytes);
                n.kvCacheBytes = static_cast<qint64>(m.kvCacheBytes(ctx));
                n.bufferBytes = static_cast<qint64>(m.computeBufferBytes(ctx));
            } else {
                n.weightBytes = entry.sizeBytes;
            }
            break;
        case ModelKind::GenieBundle:
            n.weightBytes = entry.genie.ctxBinBytes;
            break;
        case ModelKind::Rkllm:
            n.weightBytes = entry.sizeBytes;
            break;
    }
    return n;
}

MemoryFit checkMemoryFit(const MemoryNeed& need, const MemoryBudget& budget) {
    MemoryFit fit;
    fit.need = need;
    fit.budget = budget;
    QString parts = QStringLiteral("weights %1").arg(sizeText(need.weightBytes));
    if (need.kvCacheBytes > 0)
        parts += QStringLiteral(" + KV cache %1 at %2 tokens")
                     .arg(sizeText(need.kvCacheBytes))
                     .arg(need.contextLength);
    if (need.bufferBytes > 0) parts += QStringLiteral(" + buffers %1").arg(sizeText(need.bufferBytes));
    parts += QStringLiteral(" + runtime %1").arg(sizeText(need.overheadBytes));
    const QString needText = QStringLiteral("needs %1 (%2)").arg(sizeText(need.total()), parts);
    if (budget.bytes < 0) {
        fit.verdict = FitVerdict::Unknown;
        fit.message = needText + QStringLiteral(", available memory unknown");
        return fit;
    }
    const qint64 total = need.total();
    if (total <= static_cast<qint64>(kTightFraction * budget.bytes))
        fit.verdict = FitVerdict::Fits;
    else if (total <= budget.bytes)
        fit.verdict = FitVerdict::Tight;
    else
        fit.verdict = FitVerdict::DoesNotFit;
    fit.message = QStringLiteral("%1, %2 available (%3): %4")
                      .arg(needText, sizeText(budget.bytes), budget.source, fitVerdictName(fit.verdict));
    if (fit.verdict == FitVerdict::DoesNotFit)
        fit.fix = QStringLiteral("pick a smaller model or quantization, or lower inference.context_length");
    else if (fit.verdict == FitVerdict::Tight)
        fit.fix = QStringLiteral(
            "it may load but leaves little for speech and the UI; close other programs or "
            "lower inference.context_length");
    return fit;
}

}  // namespace peregrine
