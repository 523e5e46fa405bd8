// Model decisions: benchmarks installed GGUF models on this board and lays out the table people otherwise
// build by hand: model, size, memory, prompt tok/s, decode tok/s, time to first token, response time for
// 30/50/100-token answers (TTFT + n / decode tok/s) and the voice-budget verdict for a 50-token answer.
//
// Each GGUF on each backend asked for (native, llamacpp: the same GGUF on both, side by side); a Genie bundle
// or .rkllm file once, on its NPU runtime, after the verifier's checks (a bundle compiled for a newer runtime
// than the board's is refused before any library is loaded). Then: openBackend,
// one warm-up, then `repetitions` runs of a ~promptTokens prompt with greedy decoding of generateTokens
// tokens (runBackendBenchmark; medians reported). Runs on the calling thread and
// blocks it for seconds to minutes per model: CLI or a worker thread only.
#pragma once

#include <QList>
#include <QString>
#include <functional>

#include "models/catalog_entry.h"
#include "models/runtime_version.h"
#include "models/voice_budget.h"

namespace peregrine {

struct CompareOptions {
    int contextLength = 4096;  // for the memory column and the session
    int threads = 0;           // 0: the engine's default
    int promptTokens = 100;
    int generateTokens = 100;
    int repetitions = 2;
    QString backend = QStringLiteral("native");  // native | llamacpp (see inference/backend_factory.h)
    QString llamacppLibrary;                     // "" = $PEREGRINE_LLAMACPP_LIB, else the linker's search
    // NPU runtimes (runtimes.* config keys): libraries, QAIRT root, the board's versions for the verifier.
    QString genieLibrary;
    QString qairtRoot;
    QString rkllmLibrary;
    QString rkllmVersion;
    BoardRuntimes board;
};

struct CompareRow {
    QString name;
    QString path;
    QString quantization;
    QString backend;  // the backend kind that ran it ("native", "llamacpp", "genie", "rkllm")
    QString runtime;  // the backend's runtimeDescription() once loaded
    qint64 sizeBytes = 0;
    qint64 memoryBytes = 0;  // estimated need at the context (weights + KV + buffers + runtime)
    double loadMs = 0;
    double promptTokPerSec = 0;
    double decodeTokPerSec = 0;
    double ttftMs = 0;
    int promptTokens = 0;
    int generatedTokens = 0;
    int threads = 0;
    QString error;  // non-empty: the model did not load or run (other columns empty)

    double responseMs(int tokens) const { return responseTimeMs(ttftMs, decodeTokPerSec, tokens); }
    VoiceVerdict verdict() const {
        return error.isEmpty() ? voiceVerdict(ttftMs, decodeTokPerSec) : VoiceVerdict::Unknown;
    }
};

// One model; progress lines ("loading X", "measuring X") go to the callback when set.
CompareRow compareModel(const CatalogEntry& entry, const CompareOptions& options,
                        const std::function<void(const QString&)>& progress = {});

// A Markdown table (pastes into the README) with one row per model and backend, fastest 50-token response
// first; a backend column appears when a row runs on something other than the native engine.
QString formatCompareTable(QList<CompareRow> rows);

}  // namespace peregrine
