// FileVoiceRunner: runs the voice loop on audio files, headless, the way a microphone would deliver them
// (real time) or at once (fast): one VoiceLoop (recognizer and synthesiser loaded once) and a FileSink that
// records the spoken answer. Used by `peregrine-cli voice`, bench/voice_latency and the end-to-end tests.
// Thread: the calling thread (with a Qt application object) runs the loop; run() spins a local event loop
// until the input has ended and the loop is back to Idle. The AnswerSource must live on another thread (its
// ask() blocks for a whole generation).
#pragma once

#include <QList>
#include <QObject>

#include "audio/file_sink.h"
#include "voice/answer_source.h"
#include "voice/voice_loop.h"

namespace peregrine::tools {
class ToolService;
}

namespace peregrine::voice {

struct FileRunResult {
    bool ok = false;
    QString error;
    QList<VoiceTimings> turns;  // in order; barge-in gives a cancelled turn then a new one
    QStringList commands;       // cab commands acted on
    QStringList toolCalls;      // direct tool commands run ("set_timer"), and "confirm" for a spoken yes/no
    QStringList announcements;  // notices spoken (timers firing, missed timers)
    int cancelRequests = 0;     // cancelGenerationRequested() count
    audio::Pcm answerAudio;     // everything played
    double inputMs = 0;         // length of the input (without trailing silence)
    double wallMs = 0;
};

class FileVoiceRunner : public QObject {
    Q_OBJECT
public:
    // answerer: not owned; may be null (commands only, questions then fail).
    FileVoiceRunner(const VoiceConfig& config, AnswerSource* answerer, bool fast, QObject* parent = nullptr);

    // Loads the recognizer and synthesiser; false with errorString().
    bool initialize();
    QString errorString() const { return m_error; }
    VoiceLoop* loop() const { return m_loop; }

    // pushToTalk: the turn starts with the file (else wait for the wake phrase). timeoutMs bounds the run.
    FileRunResult run(const QString& wavPath, bool pushToTalk = true, int timeoutMs = 120000);
    FileRunResult run(const audio::Pcm& samples, bool pushToTalk = true, int timeoutMs = 120000);
    void setTrailingSilenceMs(int ms) { m_trailingSilenceMs = ms; }
    // Direct tool commands and timers: the loop's tool commands go to service's runner, its results are
    // spoken as the answer, the scheduler's alerts are announced. Not owned; call after initialize() and
    // before service->start().
    void setTools(tools::ToolService* service);
    // Keeps a run going stayMs after the input ended (silence, as a quiet cab), so timers can fire and
    // announcements play; the run then ends once the loop is Idle.
    void setStayMs(int ms) { m_stayMs = ms; }

private:
    VoiceConfig m_config;
    AnswerSource* m_answerer;
    bool m_fast;
    int m_trailingSilenceMs = 1200;
    int m_stayMs = 0;
    VoiceLoop* m_loop = nullptr;
    audio::FileSink* m_sink = nullptr;
    QString m_error;
};

}  // namespace peregrine::voice
