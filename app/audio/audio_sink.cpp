#include "audio/audio_sink.h"

#include <QMetaObject>
#include <algorithm>
#include <cmath>

namespace peregrine::audio {

namespace {
constexpr size_t kRingSamples = kSampleRate * 2;
}

AudioSink::AudioSink(QObject* parent) : QObject(parent), m_ring(kRingSamples) {}

void AudioSink::enqueue(const int16_t* samples, size_t count) {
    m_queued.fetch_add(static_cast<int64_t>(count), std::memory_order_acq_rel);
    m_waiting.insert(m_waiting.end(), samples, samples + count);
    topUp();
    onEnqueued();
}

void AudioSink::topUp() {
    if (m_discard.load(std::memory_order_acquire)) return;  // the consumer clears first
    int16_t chunk[1024];
    bool moved = false;
    while (!m_waiting.empty()) {
        const size_t n = std::min({m_waiting.size(), m_ring.freeSpace(), sizeof(chunk) / sizeof(chunk[0])});
        if (n == 0) break;
        std::copy_n(m_waiting.begin(), n, chunk);
        m_ring.write(chunk, n);
        m_waiting.erase(m_waiting.begin(), m_waiting.begin() + static_cast<long>(n));
        moved = true;
    }
    if (moved) onSamplesReady();
}

void AudioSink::discard() {
    // Samples still waiting never reach the ring: count them as played now. The consumer empties the ring at
    // its next call and counts those.
    m_played.fetch_add(static_cast<int64_t>(m_waiting.size()), std::memory_order_acq_rel);
    m_waiting.clear();
    m_discard.store(true, std::memory_order_release);
    m_firstArmed.store(false, std::memory_order_release);
}

int64_t AudioSink::pendingSamples() const {
    return m_queued.load(std::memory_order_acquire) - m_played.load(std::memory_order_acquire);
}

void AudioSink::setVolume(float volume) {
    m_volume.store(std::clamp(volume, 0.0f, 2.0f), std::memory_order_relaxed);
}

void AudioSink::armFirstSample() {
    m_firstNs.store(0, std::memory_order_relaxed);
    m_firstArmed.store(true, std::memory_order_release);
}

AudioSink::Clock::time_point AudioSink::firstSampleTime() const {
    return Clock::time_point(std::chrono::nanoseconds(m_firstNs.load(std::memory_order_acquire)));
}

size_t AudioSink::consume(int16_t* dst, size_t max) {
    bool discarded = false;
    if (m_discard.load(std::memory_order_acquire)) {
        m_played.fetch_add(static_cast<int64_t>(m_ring.available()), std::memory_order_acq_rel);
        m_ring.clear();
        m_discard.store(false, std::memory_order_release);
        discarded = true;
    }
    const size_t n = m_ring.read(dst, max);
    if (n == 0) {
        // Samples enqueued after the discard wait for the owner's topUp(): ask for it.
        if (discarded && !m_notifyPending.exchange(true, std::memory_order_acq_rel))
            QMetaObject::invokeMethod(this, &AudioSink::onConsumed, Qt::QueuedConnection);
        return 0;
    }
    const float gain = m_volume.load(std::memory_order_relaxed);
    if (gain != 1.0f) {
        for (size_t i = 0; i < n; ++i)
            dst[i] = static_cast<int16_t>(std::clamp(std::lround(dst[i] * gain), -32768L, 32767L));
    }
    if (m_renderTap) m_renderTap->write(dst, n);
    m_played.fetch_add(static_cast<int64_t>(n), std::memory_order_acq_rel);
    if (m_firstArmed.exchange(false, std::memory_order_acq_rel)) {
        m_firstNs.store(
            std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count(),
            std::memory_order_release);
        m_firstPending.store(true, std::memory_order_release);
    }
    if (!m_notifyPending.exchange(true, std::memory_order_acq_rel))
        QMetaObject::invokeMethod(this, &AudioSink::onConsumed, Qt::QueuedConnection);
    return n;
}

size_t AudioSink::consumeOrSilence(int16_t* dst, size_t max) {
    const size_t n = consume(dst, max);
    if (n < max) {
        std::fill(dst + n, dst + max, int16_t{0});
        if (m_renderTap) m_renderTap->write(dst + n, max - n);
    }
    return max;
}

void AudioSink::onConsumed() {
    m_notifyPending.store(false, std::memory_order_release);
    if (m_firstPending.exchange(false, std::memory_order_acq_rel)) emit firstSamplePlayed();
    topUp();
    if (pendingSamples() <= 0) emit drained();
}

}  // namespace peregrine::audio
