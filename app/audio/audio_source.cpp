#include "audio/audio_source.h"

#include <QMetaObject>

namespace peregrine::audio {

AudioSource::AudioSource(size_t ringSamples, QObject* parent) : QObject(parent), m_ring(ringSamples) {}

void AudioSource::push(const int16_t* samples, size_t count) {
    const size_t written = m_ring.write(samples, count);
    if (written < count) m_overruns.fetch_add(count - written, std::memory_order_relaxed);
    if (!m_notifyPending.exchange(true, std::memory_order_acq_rel))
        QMetaObject::invokeMethod(this, &AudioSource::notifyConsumer, Qt::QueuedConnection);
}

void AudioSource::notifyConsumer() {
    m_notifyPending.store(false, std::memory_order_release);
    emit dataAvailable();
}

}  // namespace peregrine::audio
