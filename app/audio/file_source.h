// FileSource: plays a WAV file (any rate/channels, converted to 16 kHz mono) into the voice loop as if it
// came from a microphone: at real-time pace (10 ms ticks, catching up from a monotonic clock so timer jitter
// does not drift) or all at once (fast mode). Trailing silence can be appended, as a microphone keeps
// delivering after the driver stops talking; finished() follows the last sample. Thread: owner thread only
// (the voice thread); the timer runs there.
#pragma once

#include <QElapsedTimer>
#include <QTimer>

#include "audio/audio_source.h"

namespace peregrine::audio {

class FileSource : public AudioSource {
    Q_OBJECT
public:
    enum class Pace { RealTime, Fast };

    explicit FileSource(QObject* parent = nullptr);

    // Loads and converts the file; false with errorString() on failure.
    bool load(const QString& path);
    void setSamples(Pcm samples);  // already in the app format
    void setPace(Pace pace) { m_pace = pace; }
    void setTrailingSilenceMs(int ms) { m_trailingSilenceMs = ms; }
    QString errorString() const { return m_error; }
    double durationMs() const { return samplesToMs(static_cast<int64_t>(m_samples.size())); }

    bool start() override;
    void stop() override;
    bool isActive() const override { return m_active; }
    bool isRealTime() const override { return m_pace == Pace::RealTime; }

private:
    void tick();

    Pcm m_samples;  // file plus trailing silence once started
    Pace m_pace = Pace::RealTime;
    int m_trailingSilenceMs = 0;
    size_t m_position = 0;
    bool m_active = false;
    QTimer m_timer;
    QElapsedTimer m_clock;
    QString m_error;
};

}  // namespace peregrine::audio
