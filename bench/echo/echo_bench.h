// EchoBench: the app's voice loop on the rig's devices (DevicePlayback on PeregrineSpeaker, CabMicrophone on
// PeregrineMic), driven the way the assistant talks: answers are spoken with VoiceLoop::announce() (the same
// synthesiser, loudspeaker path, echo canceller and barge-in as an answer), with the wake phrase on.
//
// playAnswers(): ERLE over the answers (the front end's energy before/after while the speaker plays), and
// every barge-in or wake-up during them (or their echo tail) is false. interrupt(): the driver's question is
// added to the microphone 1 s into a long answer; barge-in must stop the answer; latencies count from the
// first word (first 10 ms of the question above -40 dBFS): "decision" to bargeInDetected, "stopped" to the
// last sample of echo reaching the microphone minus the rig's loopback delay (the loudspeaker went silent);
// the recognised question is scored against its text (WER).
// Thread: the main thread; every wait spins the event loop.
#pragma once

#include <QObject>
#include <chrono>
#include <functional>
#include <vector>

#include "audio/device_playback.h"
#include "cab_microphone.h"
#include "voice/voice_loop.h"

namespace peregrine::bench {

struct AnswerStats {
    int answers = 0, falseBargeIns = 0, falseWakeUps = 0, timeouts = 0;
    double erleDb = 0;
    int delayEstimateMs = 0;
};

struct InterruptStats {
    int interruptions = 0, bargeIns = 0;
    std::vector<double> decisionMs, stoppedMs;
    int wordErrors = 0, refWords = 0;
};

class EchoBench : public QObject {
    Q_OBJECT
public:
    explicit EchoBench(const voice::VoiceConfig& config, QObject* parent = nullptr);

    bool initialize();  // false with errorString()
    QString errorString() const { return m_error; }
    voice::VoiceLoop* loop() const { return m_loop; }
    CabMicrophone* microphone() const { return m_mic; }

    // Plays one answer; returns the RMS of its echo at the microphone (from first to last echo sample).
    double calibrate();
    void setNoise(const audio::Pcm& noise, double gain) { m_mic->setNoise(noise, gain); }
    void setDriverLevel(double rms) { m_driverLevel = rms; }  // the driver's speech RMS at the microphone

    AnswerStats playAnswers(int count);
    // Spins the event loop until done() or timeoutMs; false on timeout.
    static bool waitUntil(const std::function<bool()>& done, int timeoutMs);
    InterruptStats interrupt(int count, int rigDelayMs);

private:
    bool speak(const QString& text, int timeoutMs);  // false on timeout

    voice::VoiceConfig m_config;
    voice::VoiceLoop* m_loop = nullptr;
    CabMicrophone* m_mic = nullptr;
    audio::DevicePlayback* m_speaker = nullptr;
    double m_driverLevel = 3000;
    QString m_error;
    // Events of the loop, counted since the last reset.
    int m_bargeIns = 0, m_listens = 0, m_finished = 0;
    int64_t m_bargeInAt = -1;  // microphone sample the loop had read when barge-in fired
    std::chrono::steady_clock::time_point m_bargeInWall;  // ... and when (wall clock)
    int64_t m_backlogAtBargeIn = 0;                       // samples it had not read yet
    QString m_transcript;
    bool m_transcribed = false;
};

}  // namespace peregrine::bench
