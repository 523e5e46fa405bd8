// AudioSink: where spoken answers go (loudspeaker or file), in the app format (16 kHz mono int16).
//
// The owner (voice loop) enqueue()s synthesised sentences; a consumer (the device pull callback or a file
// timer) takes samples from a lock-free ring, applies the volume, copies them to a render tap (the echo
// canceller's reference) and counts them as played. Samples beyond the ring's room wait in an owner-side
// queue and are topped up as the ring drains.
//
// Thread: enqueue/discard/volume/start/stop on the owner thread. consume() runs on the consumer thread (for
// the device: Qt's audio callback); it never blocks or allocates. Signals are delivered on the owner thread.
#pragma once

#include <QObject>
#include <QString>
#include <atomic>
#include <chrono>
#include <deque>

#include "audio/pcm.h"
#include "audio/ring_buffer.h"

namespace peregrine::audio {

class AudioSink : public QObject {
    Q_OBJECT
public:
    using Clock = std::chrono::steady_clock;

    explicit AudioSink(QObject* parent = nullptr);

    virtual bool start() = 0;
    virtual void stop() = 0;
    virtual bool isActive() const = 0;

    // Queues samples for playback after those already queued.
    void enqueue(const int16_t* samples, size_t count);
    void enqueue(const Pcm& pcm) { enqueue(pcm.data(), pcm.size()); }
    // Drops everything queued and not yet played (barge-in, stop). The device may still sound its own buffer.
    void discard();
    // Samples queued and not yet played.
    int64_t pendingSamples() const;
    bool isIdle() const { return pendingSamples() <= 0; }

    // Software gain applied at playback (0..2, default 1).
    void setVolume(float volume);
    float volume() const { return m_volume.load(std::memory_order_relaxed); }

    // Arms firstSamplePlayed() for the next sample played (one per turn).
    void armFirstSample();
    Clock::time_point firstSampleTime() const;

    // Echo reference: every played sample is also written here when set (not owned; the front end reads it).
    void setRenderTap(SpscRingBuffer<int16_t>* tap) { m_renderTap = tap; }

signals:
    void firstSamplePlayed();  // the armed turn's first sample left for the speaker; see firstSampleTime()
    void drained();            // everything queued has been played
    void errorOccurred(const QString& message);

protected:
    // Consumer side: fills dst with up to max samples; returns how many.
    size_t consume(int16_t* dst, size_t max);
    // Consumer side, for a device that plays without pause: consume(), then silence for the rest of dst
    // (also handed to the render tap, so the echo reference stays on the device's clock). Returns max.
    size_t consumeOrSilence(int16_t* dst, size_t max);
    // Owner side: moves waiting samples into the ring as room allows.
    void topUp();
    // Owner side: called after enqueue() (a sink that plays instantly consumes here).
    virtual void onEnqueued() {}
    // Owner side: topUp() moved samples into the ring. A consumer that stops polling when it finds the ring
    // empty (Qt's pull-mode QAudioSink waits for readyRead()) is woken here.
    virtual void onSamplesReady() {}

private:
    void onConsumed();

    SpscRingBuffer<int16_t> m_ring;
    std::deque<int16_t> m_waiting;  // owner thread only
    std::atomic<int64_t> m_queued{0};
    std::atomic<int64_t> m_played{0};
    std::atomic<bool> m_discard{false};
    std::atomic<float> m_volume{1.0f};
    std::atomic<bool> m_firstArmed{false};
    std::atomic<int64_t> m_firstNs{0};
    std::atomic<bool> m_notifyPending{false};
    std::atomic<bool> m_firstPending{false};
    SpscRingBuffer<int16_t>* m_renderTap = nullptr;
};

}  // namespace peregrine::audio
