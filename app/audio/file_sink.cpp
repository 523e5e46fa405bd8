#include "audio/file_sink.h"

#include "audio/wav_file.h"

namespace peregrine::audio {

FileSink::FileSink(QObject* parent) : AudioSink(parent) {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kFrameMs);
    connect(&m_timer, &QTimer::timeout, this, &FileSink::tick);
}

bool FileSink::start() {
    m_active = true;
    m_clock.start();
    m_ticked = 0;
    m_timer.start();
    return true;
}

void FileSink::stop() {
    m_timer.stop();
    m_active = false;
}

void FileSink::onEnqueued() {
    if (m_active && m_pace == Pace::Fast) pump(SIZE_MAX);
}

void FileSink::tick() {
    if (m_pace == Pace::Fast) {
        pump(SIZE_MAX);
        return;
    }
    // A speaker plays at a fixed rate whether or not there is anything to play: credit does not accumulate
    // while idle, so a sentence that arrives late starts at once and then plays in real time.
    const int64_t now = msToSamples(m_clock.nsecsElapsed() / 1e6);
    const int64_t allowance = now - m_ticked;
    m_ticked = now;
    pump(static_cast<size_t>(std::max<int64_t>(allowance, kFrameSamples)));
}

void FileSink::pump(size_t maxSamples) {
    int16_t buf[1600];
    while (maxSamples > 0) {
        const size_t n = consume(buf, std::min(maxSamples, sizeof(buf) / sizeof(buf[0])));
        if (n == 0) break;
        m_recorded.insert(m_recorded.end(), buf, buf + n);
        maxSamples -= n;
        topUp();
    }
}

bool FileSink::save(const QString& path) {
    const Status s = writeWav(path.toStdString(), m_recorded);
    if (!s) m_error = QString::fromStdString(s.message());
    return s.isOk();
}

}  // namespace peregrine::audio
