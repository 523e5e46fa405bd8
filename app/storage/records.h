// Plain records stored by Database (app/storage/database.h). Timestamps are UTC, millisecond precision;
// an invalid QDateTime is stored as NULL. A missing measurement is std::nullopt (NULL in SQL).
#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace peregrine {

struct ConversationRecord {
    qint64 id = 0;
    QString title;
    QDateTime createdAt, updatedAt;  // updatedAt moves when a message is added or updated, or on rename
    QString model;                   // model the conversation started with
    int messageCount = 0;
};

struct MessageRecord {
    qint64 id = 0;
    qint64 conversationId = 0;
    QString role;  // "user", "assistant", "system" or "tool"
    QString text;
    QString model;                    // model that produced an assistant message
    QDateTime createdAt, finishedAt;  // createdAt invalid on addMessage = now
    std::optional<double> sttMs;      // speech-to-text time for a spoken user message
    std::optional<double> ttftMs;     // time to first token
    std::optional<double> promptTokPerSec, decodeTokPerSec;
    std::optional<double> firstAudioMs;  // end of speech to first audio out
    std::optional<int> promptTokens, generatedTokens;
    QString stopReason;  // "eos", "length", "cancelled", "error", ... (empty while generating)
};

struct BenchmarkRunRecord {
    qint64 id = 0;
    QDateTime createdAt;  // invalid on addBenchmarkRun = now
    QString model;        // display name
    QString modelPath;
    QString backend;  // "native", "genie", "rkllm", "llama.cpp"
    int threads = 0;
    int nPrompt = 0, nGen = 0;
    double promptTokPerSec = 0, decodeTokPerSec = 0;
    std::optional<double> ttftMs, loadMs, peakRssMb, bandwidthGbs;
    std::optional<double> efficiency;  // achieved / theoretical bandwidth, 0..1
    QString notes;
};

// One thermal poll (schema v2, table thermal_samples): the hottest relevant zone, the fastest CPU cluster's
// clocks, the governor level (0 nominal .. 3 critical) and the decode speed of the latest answer.
struct ThermalSampleRecord {
    qint64 id = 0;
    QDateTime at;  // invalid on addThermalSample = now
    double tempC = 0;
    qint64 curKHz = 0, maxKHz = 0;
    int level = 0;
    bool throttled = false;
    std::optional<double> decodeTokPerSec;
};

}  // namespace peregrine
