// Persistent worker pool for the engine's data-parallel loops (matmul rows, attention heads).
//
// Threads are created once (constructor, resize()) and reused for every call. A call publishes a job of N
// chunks; every pool thread, the caller included, claims chunks from a shared atomic counter until none are
// left, so a worker that is slow to wake (a busy board, a preempted core) simply gets fewer chunks instead of
// stalling the call. Idle workers spin briefly on the job word and then sleep on a condition variable, so a
// pool that is idle between requests costs no CPU.
//
// Thread: parallelFor()/resize() are called from one thread at a time (the owner, e.g. the inference
// thread); chunk bodies run concurrently on the pool threads. No heap allocation per call.
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
    // threads <= 0: defaults::autoThreads() (core/defaults.h: one per hardware thread, at least 1).
    explicit ThreadPool(int threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    // Threads that may take part in a call (workers + caller); thread indices are [0, size()).
    int size() const { return static_cast<int>(m_workers.size()) + 1; }
    // Joins the current workers and starts threads-1 new ones (threads <= 0: hardware concurrency).
    // Not for the hot path: costs thread creation.
    void resize(int threads);
    static int defaultThreads();

    // Splits [0, n) into ranges of `grain` elements (the last may be shorter) and calls fn(begin, end,
    // threadIndex) once per range, in parallel; returns when all ranges are done. threadIndex (0 = caller)
    // lets a body use per-thread scratch: one thread runs one range at a time. fn must not call this pool.
    template <typename Fn>
    void parallelForThreads(int64_t n, Fn&& fn, int64_t grain = 1) {
        if (n <= 0) return;
        grain = std::max<int64_t>(grain, (n + kMaxChunks - 1) / kMaxChunks);
        const int64_t chunks = (n + grain - 1) / grain;
        if (chunks == 1 || size() == 1) {
            fn(int64_t{0}, n, 0);
            return;
        }
        struct Ctx {
            std::remove_reference_t<Fn>* fn;
            int64_t n;
            int64_t grain;
        } ctx{&fn, n, grain};
        runChunks(
            [](void* c, int64_t chunk, int thread) {
                auto* x = static_cast<Ctx*>(c);
                const int64_t begin = chunk * x->grain;
                (*x->fn)(begin, std::min(x->n, begin + x->grain), thread);
            },
            &ctx, chunks);
    }

    // As above without the thread index: fn(begin, end).
    template <typename Fn>
    void parallelFor(int64_t n, Fn&& fn, int64_t grain = 1) {
        parallelForThreads(
            n, [&fn](int64_t b, int64_t e, int) { fn(b, e); }, grain);
    }

private:
    using Body = void (*)(void* ctx, int64_t chunk, int thread);
    // The job word packs [generation:32][chunk count:16][next chunk:16]; chunks are claimed by CAS on it.
    static constexpr int64_t kMaxChunks = 0xFFFF;

    void runChunks(Body body, void* ctx, int64_t chunks);
    // Claims and runs chunks of job `generation` until none are left or a newer job replaced it.
    void work(uint32_t generation, int thread);
    void workerLoop(int index, uint32_t seen);
    void start(int threads);
    void stop();

    std::vector<std::thread> m_workers;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    std::atomic<uint64_t> m_job{0};
    std::atomic<int64_t> m_completed{0};  // chunks finished in the current job
    std::atomic<bool> m_stopping{false};
    Body m_body = nullptr;  // published by the release store of m_job
    void* m_ctx = nullptr;
    int64_t m_chunks = 0;
    bool m_callerWaiting = false;  // guarded by m_mutex
};

}  // namespace peregrine
