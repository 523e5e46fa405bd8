#include "memory_bandwidth.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace peregrine::bench {

namespace {

// Four independent accumulators so the loop is load-bound (auto-vectorized at the baseline ISA).
uint64_t sumWords(const uint64_t* p, size_t n) {
    uint64_t a = 0, b = 0, c = 0, d = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        a += p[i] + p[i + 4];
        b += p[i + 1] + p[i + 5];
        c += p[i + 2] + p[i + 6];
        d += p[i + 3] + p[i + 7];
    }
    for (; i < n; ++i) a += p[i];
    return a + b + c + d;
}

}  // namespace

ReadBandwidthProbe::ReadBandwidthProbe(size_t bytes, int threads)
    : m_region(HugePageRegion::create(bytes)), m_threads(std::max(1, threads)) {
    if (!m_region) return;
    m_data = reinterpret_cast<uint64_t*>(m_region->data());
    m_words = bytes / sizeof(uint64_t);
    pass(true);  // first touch by the reading threads
}

ReadBandwidthProbe::ReadBandwidthProbe(const uint8_t* data, size_t bytes, int threads)
    : m_data(reinterpret_cast<const uint64_t*>(data)),
      m_words(bytes / sizeof(uint64_t)),
      m_threads(std::max(1, threads)) {}

ReadBandwidthProbe::~ReadBandwidthProbe() = default;

double ReadBandwidthProbe::pass(bool write) {
    const size_t per = (m_words + m_threads - 1) / m_threads;
    std::atomic<uint64_t> sink{0};
    std::vector<std::thread> pool;
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    auto body = [&](int t) {
        const size_t begin = std::min(m_words, per * t), end = std::min(m_words, begin + per);
        ready.fetch_add(1);
        while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
        if (write) {  // only the owned region (the constructor's first touch)
            auto* words = reinterpret_cast<uint64_t*>(m_region->data());
            for (size_t i = begin; i < end; ++i) words[i] = i;
        } else {
            sink.fetch_add(sumWords(m_data + begin, end - begin), std::memory_order_relaxed);
        }
    };
    for (int t = 1; t < m_threads; ++t) pool.emplace_back(body, t);
    while (ready.load() < m_threads - 1) std::this_thread::yield();
    const auto t0 = std::chrono::steady_clock::now();
    go.store(true, std::memory_order_release);
    ready.fetch_add(1);
    body(0);
    for (auto& th : pool) th.join();
    m_sink += sink.load();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

BandwidthResult ReadBandwidthProbe::measure(int passes) {
    BandwidthResult r;
    if (m_words == 0 || passes <= 0) return r;
    pass(false);  // warm-up (TLB, caches after whatever ran before)
    double sum = 0;
    for (int p = 0; p < passes; ++p) {
        const double bps = static_cast<double>(bytes()) / pass(false);
        r.bytesPerSecond = std::max(r.bytesPerSecond, bps);
        sum += bps;
    }
    r.passes = passes;
    r.meanBytesPerSecond = sum / passes;
    return r;
}

BandwidthResult measureReadBandwidth(size_t bytes, int threads, int passes) {
    ReadBandwidthProbe probe(bytes, threads);
    return probe.measure(passes);
}

}  // namespace peregrine::bench
