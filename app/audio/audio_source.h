// AudioSource: where the voice loop's input comes from (microphone or file), always in the app format (16 kHz
// mono int16). Samples travel through a lock-free ring: the producer (a device callback or a file timer) only
// copies into it; the consumer (the voice loop, on the source's thread) drains it after dataAvailable().
//
// Thread: create, start, stop and read on one thread (the voice thread). push() may be called from any one
// producer thread; it never blocks or allocates.
#pragma once

#include <QObject>
#include <QString>
#include <atomic>

#include "audio/pcm.h"
#include "audio/ring_buffer.h"

namespace peregrine::audio {

class AudioSource : public QObject {
    Q_OBJECT
public:
    explicit AudioSource(size_t ringSamples, QObject* parent = nullptr);

    // Begins delivering samples. Returns false (and emits errorOccurred) when it cannot.
    virtual bool start() = 0;
    virtual void stop() = 0;
    virtual bool isActive() const = 0;
    // True for sources that run at the pace of a real microphone (timings are then the ones a driver lives).
    virtual bool isRealTime() const { return true; }

    size_t available() const { return m_ring.available(); }
    size_t read(int16_t* dst, size_t max) { return m_ring.read(dst, max); }
    void discardBuffered() { m_ring.clear(); }
    // Samples dropped because the consumer fell behind (ring full).
    uint64_t overruns() const { return m_overruns.load(std::memory_order_relaxed); }

signals:
    void dataAvailable();  // coalesced: one notification per batch, not per sample
    void finished();       // no more samples will come (end of a file)
    void errorOccurred(const QString& message);

protected:
    // Producer side: copy into the ring and notify the consumer thread (queued).
    void push(const int16_t* samples, size_t count);
    size_t freeSpaceHint() const { return m_ring.freeSpace(); }

private:
    void notifyConsumer();

    SpscRingBuffer<int16_t> m_ring;
    std::atomic<uint64_t> m_overruns{0};
    std::atomic<bool> m_notifyPending{false};
};

}  // namespace peregrine::audio
