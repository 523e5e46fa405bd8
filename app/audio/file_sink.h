// FileSink: a loudspeaker stand-in that "plays" into memory and saves a WAV. In real-time mode it consumes
// 10 ms per tick from a monotonic clock (so playback takes as long as on a speaker and barge-in can interrupt
// it); in fast mode every enqueued sample is played at once. Only played samples are recorded (silence
// between sentences is not), so the file holds the spoken answer as heard. Thread: owner thread only;
// consume() runs from the owner's timer.
#pragma once

#include <QElapsedTimer>
#include <QTimer>

#include "audio/audio_sink.h"

namespace peregrine::audio {

class FileSink : public AudioSink {
    Q_OBJECT
public:
    enum class Pace { RealTime, Fast };
    explicit FileSink(QObject* parent = nullptr);

    void setPace(Pace pace) { m_pace = pace; }
    bool start() override;
    void stop() override;
    bool isActive() const override { return m_active; }

    const Pcm& recorded() const { return m_recorded; }
    void clearRecording() { m_recorded.clear(); }
    // Writes what was played as a 16 kHz mono WAV; false with errorString() on failure.
    bool save(const QString& path);
    QString errorString() const { return m_error; }

protected:
    void onEnqueued() override;

private:
    void tick();
    void pump(size_t maxSamples);

    Pace m_pace = Pace::RealTime;
    bool m_active = false;
    QTimer m_timer;
    QElapsedTimer m_clock;
    int64_t m_ticked = 0;
    Pcm m_recorded;
    QString m_error;
};

}  // namespace peregrine::audio
