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

BandwidthResult measureReadBandwidth(size_t bytes, int threads, int passes) {
    threads = std::max(1, threads);
    const size_t words = bytes / sizeof(uint64_t);
    std::unique_ptr<uint64_t[]> buffer(new uint64_t[words]);
    const size_t per = (words + threads - 1) / threads;
    std::atomic<uint64_t> sink{0};

    auto runPass = [&](bool write) {
        std::vector<std::thread> pool;
        std::atomic<int> ready{0};
        std::atomic<bool> go{false};
        auto body = [&](int t) {
            const size_t begin = std::min(words, per * t), end = std::min(words, begin + per);
            ready.fetch_add(1);
            while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
            if (write) {
                for (size_t i = begin; i < end; ++i) buffer[i] = i;  // first touch by the reading thread
            } else {
                sink.fetch_add(sumWords(buffer.get() + begin, end - begin), std::memory_order_relaxed);
            }
        };
        for (int t = 1; t < threads; ++t) pool.emplace_back(body, t);
        while (ready.load() < threads - 1) std::this_thread::yield();
        const auto t0 = std::chrono::steady_clock::now();
        go.store(true, std::memory_order_release);
        ready.fetch_add(1);
        body(0);
        for (auto& th : pool) th.join();
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };

    runPass(true);
    runPass(false);  // warm-up (TLB, page tables)
    BandwidthResult r;
    double sum = 0;
    for (int p = 0; p < passes; ++p) {
        const double bps = static_cast<double>(words * sizeof(uint64_t)) / runPass(false);
        r.bytesPerSecond = std::max(r.bytesPerSecond, bps);
        sum += bps;
    }
    r.passes = passes;
    r.meanBytesPerSecond = sum / passes;
    if (sink.load() == 42) r.passes += 0;  // keeps the sums observable
    return r;
}

}  // namespace peregrine::bench
