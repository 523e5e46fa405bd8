// Plain records stored by Database (app/storage/database.h). Timestamps are UTC, millisecond precision;
// an invalid QDateTime is stored as NULL. A missing measurement is std::nullopt (NULL in SQL).
#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

#include "meta_types/stop_reason_meta.h"

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
    // None while generating. Stored as its word (stopReasonText); a stored word this version does not know
    // reads as Unknown, and updateMessage() then leaves the stored word as it is.
    StopReason stopReason = StopReason::None;
    // Schema v6. Where the message went or came from: kDeepThinkRoute for a question sent to the deep-think
    // endpoint and its answer (model then names the remote model); "" = the local model.
    QString route;
    // Schema v9. The tool calls an assistant answer made, with their results: a JSON array (one object per
    // call: name, arguments, ok, say, result; a malformed call: text, error); "" = none.
    QString toolCalls;
};

// MessageRecord::route of deep-think questions and answers.
inline constexpr char kDeepThinkRoute[] = "deep think";

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
    // Schema v3. test: one peregrine-bench test, "pp512" (prompt only: decodeTokPerSec is 0) or "tg128"
    // (decode only: promptTokPerSec is 0); empty for a combined run (the app, `models compare`).
    QString test;
    std::optional<double> stddevTokPerSec;  // spread of the test's tok/s over its repetitions
    std::optional<int> repetitions;
    QString kernels;  // SIMD kernel target of the native engine ("AVX3", "NEON", ...); empty = not recorded

    bool measuresPrompt() const { return !test.startsWith(QLatin1String("tg")); }
    bool measuresDecode() const { return !test.startsWith(QLatin1String("pp")); }
};

// One condition of a voice_latency run (schema v3, table voice_latency_runs): synthesised questions and cab
// commands spoken with one voice at one rate, clean or with road noise, fed through the voice loop.
struct VoiceLatencyRunRecord {
    qint64 id = 0;
    QDateTime createdAt;  // invalid on addVoiceLatencyRun = now; the conditions of one run share it
    QString model;        // display name of the answering model
    QString modelPath;
    QString voice;  // "slt", "rms", "awb" (flite), "espeak" (espeak-ng)
    double rate = 1;
    QString noise;                                  // "clean" or "road"
    int questions = 0;                              // questions with a measured latency (the n of p50/p95)
    std::optional<double> p50Ms, p95Ms;             // end of speech -> first audio, questions
    std::optional<double> commandP50Ms;             // end of speech -> command recognised
    std::optional<double> wordErrorRate;            // 0..1 over every utterance (questions and commands)
    int commandsOk = 0, commands = 0;               // commands recognised / spoken
    int silenceMs = 0, threads = 0, maxTokens = 0;  // the run's settings
    QString notes;
};

// One condition of a bench/echo run (schema v4, table echo_runs): answers played through the rig's
// loudspeaker with one echo delay, clean or with road noise, and the driver's interruptions over them.
struct EchoRunRecord {
    qint64 id = 0;
    QDateTime createdAt;                  // invalid on addEchoRun = now; the conditions of one run share it
    QString mode;                         // "estimated" (delay measured) or "fixed" (the old 60 ms hint)
    int delayMs = 0;                      // the rig's loopback delay
    QString noise;                        // "clean" or "road"
    std::optional<int> estimatedDelayMs;  // the front end's estimate at the end of the condition
    std::optional<double> erleDb;         // echo return loss enhancement while only the assistant spoke
    int answers = 0, falseBargeIns = 0, falseWakeUps = 0;
    int interruptions = 0, bargeIns = 0;
    std::optional<double> decisionP50Ms;  // driver's first word -> barge-in decided
    std::optional<double> stoppedP50Ms;   // driver's first word -> loudspeaker silent
    std::optional<double> wordErrorRate;  // 0..1, the driver's questions
    QString notes;
};

// One row of a wake_word run (schema v5, table wake_word_runs): one keyphrase threshold over one voice set
// and noise condition ("all" = every condition of the set).
struct WakeWordRunRecord {
    qint64 id = 0;
    QDateTime createdAt;  // invalid on addWakeWordRun = now; the rows of one run share it
    QString phase;        // "tune", "held-out", "default" or "measure"
    double threshold = 0;
    QString voices;                   // "slt,rms,espeak@1.0"
    QString noise;                    // "clean", "brown 10 dB", ... or "all"
    double negativeSeconds = 0;       // talk radio without the wake phrase
    int falseAccepts = 0;             // detections in it
    std::optional<double> faPerHour;  // NULL when there was no negative audio
    int positives = 0, misses = 0;    // wake phrases spoken / not detected
    std::optional<double> missRate;   // 0..1; NULL when none was spoken
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

// A timer or reminder (schema v7, table timers). dueAt is wall-clock UTC.
struct TimerRecord {
    qint64 id = 0;
    QDateTime createdAt;  // invalid on addTimer = now
    QDateTime dueAt;
    qint64 durationMs = 0;                      // as asked ("5 minutes"), for what is said when it fires
    QString label;                              // "load straps"; a reminder's text ("check the load straps")
    QString kind = QStringLiteral("timer");     // "timer" or "reminder"
    QString state = QStringLiteral("pending");  // "pending", "fired", "missed", "cancelled"
    QDateTime finishedAt;                       // when it fired, was found missed or was cancelled
};

// A note (schema v7, table notes).
struct NoteRecord {
    qint64 id = 0;
    QDateTime createdAt;  // invalid on addNote = now
    QString text;
};

// One command sent to a vehicle device (schema v8, table device_commands): who asked, what was sent through
// which transport, and whether it went out. Written for every switch_device call, failed ones included.
struct DeviceCommandRecord {
    qint64 id = 0;
    QDateTime at;       // invalid on addDeviceCommand = now
    QString device;     // configured name ("cabin lights")
    QString state;      // "on" or "off"
    QString transport;  // "mqtt" or "can"
    QString detail;     // what went out: "rv/lights/set ON" or "can0 123#01FF"
    bool ok = false;
    QString error;   // why not, when !ok ("MQTT broker at 127.0.0.1:1883 not reachable")
    QString source;  // "voice" (a cab phrase), "model" (a tool call) or "cli"
};

// One category of a bench/tools run (schema v9, table tool_eval_runs). Fractions 0..1 over the category's
// cases; std::nullopt when no case could measure it (e.g. argument accuracy of irrelevance cases).
struct ToolEvalRunRecord {
    qint64 id = 0;
    QDateTime createdAt;  // invalid on addToolEvalRun = now; the categories of one run share it
    QString model;        // display name
    QString modelPath;
    QString category;                             // "simple", "multiple", "parallel", "irrelevance"
    QString toolChoice = QStringLiteral("auto");  // "auto" or "required"
    int cases = 0;
    std::optional<double> schemaValidity;  // calls valid JSON for the named tool's schema / calls made
    std::optional<double> toolChoiceAcc;   // cases with exactly the expected tools (irrelevance: none)
    std::optional<double> argumentAcc;     // cases with the expected tools and arguments
    std::optional<double> callRate;        // cases where the model called any tool
    std::optional<double> accuracy;        // cases right in every respect
    bool constrained = false;              // decoding was constrained to the calls' schema
    QString notes;
};

}  // namespace peregrine
