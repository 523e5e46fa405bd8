// SpscRingBuffer: lock-free single-producer single-consumer ring of trivially copyable samples.
//
// Contract: exactly one thread calls write() (e.g. the audio device callback) and exactly one thread calls
// read()/clear() (the consumer); size queries are safe from either. Neither side blocks or allocates: write()
// copies what fits and returns the count (the caller counts overruns), read() copies what is there.
// Capacity is rounded up to a power of two; memory is allocated once in the constructor.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstring>
#include <memory>
#include <type_traits>

namespace peregrine::audio {

template <typename T>
class SpscRingBuffer {
    static_assert(std::is_trivially_copyable_v<T>, "ring buffer elements are copied with memcpy");

public:
    explicit SpscRingBuffer(size_t minCapacity) {
        size_t cap = 1;
        while (cap < minCapacity) cap <<= 1;
        m_capacity = cap;
        m_mask = cap - 1;
        m_data = std::make_unique<T[]>(cap);
    }
    SpscRingBuffer(const SpscRingBuffer&) = delete;
    SpscRingBuffer& operator=(const SpscRingBuffer&) = delete;

    size_t capacity() const { return m_capacity; }
    // Elements ready to read (exact for the consumer, a lower bound for the producer).
    size_t available() const {
        return m_head.load(std::memory_order_acquire) - m_tail.load(std::memory_order_acquire);
    }
    size_t freeSpace() const { return m_capacity - available(); }

    // Producer: copies up to n elements; returns how many were written.
    size_t write(const T* src, size_t n) {
        const size_t head = m_head.load(std::memory_order_relaxed);
        const size_t tail = m_tail.load(std::memory_order_acquire);
        n = std::min(n, m_capacity - (head - tail));
        const size_t start = head & m_mask;
        const size_t first = std::min(n, m_capacity - start);
        std::memcpy(m_data.get() + start, src, first * sizeof(T));
        std::memcpy(m_data.get(), src + first, (n - first) * sizeof(T));
        m_head.store(head + n, std::memory_order_release);
        return n;
    }

    // Consumer: copies up to n elements; returns how many were read.
    size_t read(T* dst, size_t n) {
        const size_t tail = m_tail.load(std::memory_order_relaxed);
        const size_t head = m_head.load(std::memory_order_acquire);
        n = std::min(n, head - tail);
        const size_t start = tail & m_mask;
        const size_t first = std::min(n, m_capacity - start);
        std::memcpy(dst, m_data.get() + start, first * sizeof(T));
        std::memcpy(dst + first, m_data.get(), (n - first) * sizeof(T));
        m_tail.store(tail + n, std::memory_order_release);
        return n;
    }

    // Consumer: drops everything written so far.
    void clear() { m_tail.store(m_head.load(std::memory_order_acquire), std::memory_order_release); }

private:
    std::unique_ptr<T[]> m_data;
    size_t m_capacity = 0;
    size_t m_mask = 0;
    alignas(64) std::atomic<size_t> m_head{0};  // total written (producer-owned)
    alignas(64) std::atomic<size_t> m_tail{0};  // total read (consumer-owned)
};

}  // namespace peregrine::audio
