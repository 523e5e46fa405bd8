#include "threads/thread_pool.h"

#include "core/defaults.h"

namespace peregrine {

namespace {
// Iterations a thread spins before sleeping. Decode issues a job every few microseconds, so a short spin
// avoids a futex round trip per matmul; idle pools still go to sleep quickly.
constexpr int kSpinIterations = 20000;

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

inline uint32_t generationOf(uint64_t job) {
    return static_cast<uint32_t>(job >> 32);
}
inline int64_t totalOf(uint64_t job) {
    return static_cast<int64_t>((job >> 16) & 0xFFFF);
}
inline int64_t nextOf(uint64_t job) {
    return static_cast<int64_t>(job & 0xFFFF);
}
}  // namespace

ThreadPool::ThreadPool(int threads) {
    start(threads);
}

ThreadPool::~ThreadPool() {
    stop();
}

int ThreadPool::defaultThreads() {
    return defaults::autoThreads();
}

void ThreadPool::resize(int threads) {
    if (threads <= 0) threads = defaultThreads();
    if (threads == size()) return;
    stop();
    start(threads);
}

void ThreadPool::start(int threads) {
    if (threads <= 0) threads = defaultThreads();
    m_stopping.store(false);
    // Workers start from the generation current now: a job published before a new thread first runs must
    // still count as unseen by it.
    const uint32_t seen = generationOf(m_job.load(std::memory_order_acquire));
    m_workers.reserve(static_cast<size_t>(threads - 1));
    for (int i = 1; i < threads; ++i) m_workers.emplace_back([this, i, seen] { workerLoop(i, seen); });
}

void ThreadPool::stop() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping.store(true);
    }
    m_wake.notify_all();
    for (auto& t : m_workers) t.join();
    m_workers.clear();
}

void ThreadPool::runChunks(Body body, void* ctx, int64_t chunks) {
    m_body = body;
    m_ctx = ctx;
    m_chunks = chunks;
    m_completed.store(0, std::memory_order_relaxed);
    const uint32_t generation = generationOf(m_job.load(std::memory_order_relaxed)) + 1;
    {
        // The lock orders the publication against a worker that is about to sleep.
        std::lock_guard<std::mutex> lock(m_mutex);
        m_job.store((static_cast<uint64_t>(generation) << 32) | (static_cast<uint64_t>(chunks) << 16),
                    std::memory_order_release);
    }
    m_wake.notify_all();

    work(generation, 0);

    for (int spin = 0; spin < kSpinIterations; ++spin) {
        if (m_completed.load(std::memory_order_acquire) == chunks) return;
        cpuRelax();
    }
    std::unique_lock<std::mutex> lock(m_mutex);
    m_callerWaiting = true;
    m_done.wait(lock, [&] { return m_completed.load(std::memory_order_acquire) == chunks; });
    m_callerWaiting = false;
}

void ThreadPool::work(uint32_t generation, int thread) {
    uint64_t job = m_job.load(std::memory_order_acquire);
    for (;;) {
        if (generationOf(job) != generation || nextOf(job) >= totalOf(job)) return;
        if (!m_job.compare_exchange_weak(job, job + 1, std::memory_order_acq_rel, std::memory_order_acquire))
            continue;  // job now holds the current word
        // The claimed chunk keeps this job current (the caller waits for it), so body and ctx are stable.
        const int64_t chunk = nextOf(job);
        m_body(m_ctx, chunk, thread);
        if (m_completed.fetch_add(1, std::memory_order_acq_rel) + 1 == m_chunks && thread != 0) {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (m_callerWaiting) m_done.notify_one();
        }
        job = m_job.load(std::memory_order_acquire);
    }
}

void ThreadPool::workerLoop(int index, uint32_t seen) {
    for (;;) {
        uint32_t generation = seen;
        for (int spin = 0; spin < kSpinIterations && generation == seen; ++spin) {
            if (m_stopping.load(std::memory_order_acquire)) return;
            generation = generationOf(m_job.load(std::memory_order_acquire));
            if (generation == seen) cpuRelax();
        }
        if (generation == seen) {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [&] {
                return m_stopping.load(std::memory_order_acquire) ||
                       generationOf(m_job.load(std::memory_order_acquire)) != seen;
            });
            generation = generationOf(m_job.load(std::memory_order_acquire));
        }
        if (m_stopping.load(std::memory_order_acquire)) return;
        seen = generation;
        work(generation, index);
    }
}

}  // namespace peregrine
