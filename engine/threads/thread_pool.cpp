#include "threads/thread_pool.h"

#include <algorithm>

namespace peregrine {

namespace {
// Iterations a thread spins on the generation counter before sleeping. Decode issues a job every few
// microseconds, so a short spin avoids a futex round trip per matmul; idle pools still go to sleep quickly.
constexpr int kSpinIterations = 20000;

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}
}  // namespace

ThreadPool::ThreadPool(int threads) {
    start(threads);
}

ThreadPool::~ThreadPool() {
    stop();
}

int ThreadPool::defaultThreads() {
    const unsigned hc = std::thread::hardware_concurrency();
    return hc == 0 ? 1 : static_cast<int>(hc);
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
    const uint64_t generation = m_generation.load(std::memory_order_acquire);
    m_workers.reserve(threads - 1);
    for (int i = 1; i < threads; ++i)
        m_workers.emplace_back([this, i, generation] { workerLoop(i, generation); });
}

void ThreadPool::stop() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping.store(true);
        m_generation.fetch_add(1, std::memory_order_release);
    }
    m_wake.notify_all();
    for (auto& t : m_workers) t.join();
    m_workers.clear();
}

void ThreadPool::runErased(Body body, void* ctx) {
    const int count = size();
    if (count == 1) {
        body(ctx, 0, 1);
        return;
    }
    m_body = body;
    m_ctx = ctx;
    m_count = count;
    m_pending.store(count - 1, std::memory_order_relaxed);
    {
        // The lock orders the publication against a worker that is about to sleep.
        std::lock_guard<std::mutex> lock(m_mutex);
        m_generation.fetch_add(1, std::memory_order_release);
    }
    if (m_sleepers.load(std::memory_order_acquire) > 0) m_wake.notify_all();

    body(ctx, 0, count);

    for (int spin = 0; spin < kSpinIterations; ++spin) {
        if (m_pending.load(std::memory_order_acquire) == 0) return;
        cpuRelax();
    }
    std::unique_lock<std::mutex> lock(m_mutex);
    m_callerWaiting = true;
    m_done.wait(lock, [this] { return m_pending.load(std::memory_order_acquire) == 0; });
    m_callerWaiting = false;
}

void ThreadPool::workerLoop(int index, uint64_t seen) {
    for (;;) {
        uint64_t gen = seen;
        for (int spin = 0; spin < kSpinIterations; ++spin) {
            gen = m_generation.load(std::memory_order_acquire);
            if (gen != seen) break;
            cpuRelax();
        }
        if (gen == seen) {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_sleepers.fetch_add(1, std::memory_order_acq_rel);
            m_wake.wait(lock, [&] { return m_generation.load(std::memory_order_acquire) != seen; });
            m_sleepers.fetch_sub(1, std::memory_order_acq_rel);
            gen = m_generation.load(std::memory_order_acquire);
        }
        if (m_stopping.load(std::memory_order_acquire)) return;
        seen = gen;
        m_body(m_ctx, index, m_count);
        if (m_pending.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (m_callerWaiting) m_done.notify_one();
        }
    }
}

}  // namespace peregrine
