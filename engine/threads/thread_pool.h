// Persistent worker pool for the engine's data-parallel loops (matmul rows, attention heads).
//
// Threads are created once (constructor, resize()) and reused for every call: a call publishes a job,
// workers spin briefly on an atomic generation counter and then sleep on a condition variable, so a pool that
// is idle between tokens costs no CPU. The calling thread works too: a pool of size N runs N-1 workers.
//
// Thread: run()/parallelFor()/resize() are called from one thread at a time (the owner, e.g. the inference
// thread); the job body runs concurrently on all pool threads. No heap allocation per call.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace peregrine {

class ThreadPool {
public:
    // threads <= 0: std::thread::hardware_concurrency() (at least 1).
    explicit ThreadPool(int threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    // Total threads taking part in a call (workers + caller).
    int size() const { return static_cast<int>(m_workers.size()) + 1; }
    // Joins the current workers and starts threads-1 new ones (threads <= 0: hardware concurrency).
    // Not for the hot path: costs thread creation.
    void resize(int threads);
    static int defaultThreads();

    // Calls fn(threadIndex, threadCount) once on every pool thread (threadIndex 0 is the caller) and returns
    // when all calls have returned. fn must not call back into this pool.
    template <typename Fn>
    void run(Fn&& fn) {
        using F = std::remove_reference_t<Fn>;
        runErased([](void* ctx, int index, int count) { (*static_cast<F*>(ctx))(index, count); },
                  const_cast<void*>(static_cast<const void*>(&fn)));
    }

    // Splits [0, n) into at most size() contiguous ranges whose boundaries are multiples of grain (except
    // the end) and calls fn(begin, end) for each non-empty range in parallel.
    template <typename Fn>
    void parallelFor(int64_t n, Fn&& fn, int64_t grain = 1) {
        if (n <= 0) return;
        if (grain < 1) grain = 1;
        const int64_t chunks = (n + grain - 1) / grain;
        if (chunks == 1 || size() == 1) {
            fn(int64_t{0}, n);
            return;
        }
        run([&](int index, int count) {
            const int64_t per = (chunks + count - 1) / count;
            const int64_t begin = per * index * grain;
            const int64_t end = std::min<int64_t>(n, per * (index + 1) * grain);
            if (begin < end) fn(begin, end);
        });
    }

private:
    using Body = void (*)(void* ctx, int index, int count);
    void runErased(Body body, void* ctx);
    void workerLoop(int index, uint64_t seen);
    void start(int threads);
    void stop();

    std::vector<std::thread> m_workers;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    std::atomic<uint64_t> m_generation{0};
    std::atomic<int> m_pending{0};
    std::atomic<int> m_sleepers{0};
    std::atomic<bool> m_stopping{false};
    int m_count = 1;        // threads in the current job, published with m_body
    Body m_body = nullptr;  // published before m_generation is bumped
    void* m_ctx = nullptr;
    bool m_callerWaiting = false;  // guarded by m_mutex
};

}  // namespace peregrine
