#include "audio/file_source.h"

#include <algorithm>

#include "audio/wav_file.h"

namespace peregrine::audio {

namespace {
constexpr size_t kRingSamples = kSampleRate * 4;  // real-time mode: 4 s of slack for a slow consumer
constexpr size_t kChunk = kFrameSamples * 10;     // fast mode: pushed as the ring frees up
}  // namespace

FileSource::FileSource(QObject* parent) : AudioSource(kRingSamples, parent) {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kFrameMs);
    connect(&m_timer, &QTimer::timeout, this, &FileSource::tick);
}

bool FileSource::load(const QString& path) {
    auto pcm = readWav16kMono(path.toStdString());
    if (!pcm) {
        m_error = QString::fromStdString(pcm.message());
        return false;
    }
    setSamples(std::move(pcm.value()));
    return true;
}

void FileSource::setSamples(Pcm samples) {
    m_samples = std::move(samples);
    m_position = 0;
}

bool FileSource::start() {
    m_samples.resize(m_samples.size() + msToSamples(m_trailingSilenceMs), 0);
    m_trailingSilenceMs = 0;
    m_position = 0;
    m_active = true;
    m_clock.start();
    tick();
    if (m_active) m_timer.start(m_pace == Pace::Fast ? 0 : kFrameMs);
    return true;
}

void FileSource::stop() {
    m_timer.stop();
    m_active = false;
}

void FileSource::tick() {
    if (!m_active) return;
    size_t due = m_samples.size();
    if (m_pace == Pace::RealTime) {
        // Deliver whole frames up to now, as a capture device would.
        const auto ms = m_clock.nsecsElapsed() / 1000000.0;
        due = std::min(due, static_cast<size_t>(msToSamples(ms)) / kFrameSamples * kFrameSamples);
    } else {
        due = std::min(due, m_position + std::min(kChunk, freeSpaceHint()));
    }
    if (due > m_position) {
        push(m_samples.data() + m_position, due - m_position);
        m_position = due;
    }
    if (m_position >= m_samples.size()) {
        stop();
        emit finished();
    }
}

}  // namespace peregrine::audio
