// Value types that travel between the UI thread and the inference thread in queued signals. Plain copies:
// nothing here points into engine objects. The cancel flag is the one piece of shared state: the UI thread
// sets it, the inference thread reads it between tokens.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <atomic>
#include <memory>

#include "core/defaults.h"
#include "meta_types/stop_reason_meta.h"

namespace peregrine {

struct ChatTurn {
    QString role;  // "system", "user", "assistant"
    QString content;
};

struct ModelLoadOptions {
    int contextLength = defaults::kContextLength;
    int threads = 0;  // 0: defaults::autoThreads()
};

struct LoadedModel {
    QString path;
    QString name;
    QString architecture;
    QString quantization;
    int contextLength = 0;  // the session's (clamped) context
    quint64 nParams = 0;
    double loadMs = 0;
    QString backendKind;  // Backend::kind(): "native", "llamacpp", "openai"
    QString backend;  // the runtime that runs it (Backend::runtimeDescription(): "llama.cpp v0.4.0 (...)")
    // The backend's capabilities that the thermal governor can use (BackendCapabilities::threadLever): false
    // for a server (openai), whose compute threads Peregrine does not control.
    bool threadLever = false;
};

// Defaults: core/defaults.h (the same values as InferenceConfig and the engine's GenerateOptions).
struct SamplingSettings {
    int maxTokens = defaults::kMaxTokens;
    double temperature = defaults::kTemperature;
    double topP = defaults::kTopP;
    int topK = defaults::kTopK;
    double minP = defaults::kMinP;
    double repeatPenalty = defaults::kRepeatPenalty;
    quint64 seed = 0;
};

using CancelFlag = std::shared_ptr<std::atomic<bool>>;

struct GenerationRequest {
    qint64 requestId = 0;
    QList<ChatTurn> conversation;  // system prompt first, the last turn from the user
    SamplingSettings sampling;
    CancelFlag cancel;  // set by the UI thread; may be null (not cancellable)
    // >= 0: a spoken question of that voice turn. The worker streams the answer to the voice loop itself
    // (InferenceWorker::voiceText/voiceFinished/voiceFailed), so it goes inference -> voice -> loudspeaker
    // without crossing the UI thread.
    int voiceTurn = -1;
};

struct GenerationResult {
    int promptTokens = 0;
    int reusedTokens = 0;
    int generatedTokens = 0;
    double ttftMs = 0;
    double promptTokPerSec = 0;
    double decodeTokPerSec = 0;
    double totalMs = 0;
    StopReason stopReason = StopReason::None;  // None until the answer ends (see resultOf)
    QString
        answeredBy;  // deep think: the remote model's name (as its server lists it); "" = the loaded model
};

struct BenchmarkRequest {
    int promptTokens = 128;
    int generateTokens = 48;
    int repetitions = 2;  // measured runs after one short warm-up; the median is reported
};

struct BenchmarkResult {
    QString modelName;
    QString modelPath;
    QString backendKind;  // LoadedModel::backendKind of the measured model ("native", "llamacpp", "openai")
    int threads = 0;
    int promptTokens = 0;
    int generatedTokens = 0;
    double promptTokPerSec = 0;
    double decodeTokPerSec = 0;
    double ttftMs = 0;
    double loadMs = 0;
    double peakRssMb = 0;
};

}  // namespace peregrine

Q_DECLARE_METATYPE(peregrine::ModelLoadOptions)
Q_DECLARE_METATYPE(peregrine::LoadedModel)
Q_DECLARE_METATYPE(peregrine::GenerationRequest)
Q_DECLARE_METATYPE(peregrine::GenerationResult)
Q_DECLARE_METATYPE(peregrine::BenchmarkRequest)
Q_DECLARE_METATYPE(peregrine::BenchmarkResult)
