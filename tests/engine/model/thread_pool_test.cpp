// Thread pool: every index covered exactly once, all threads take part, resize, and many back-to-back jobs
// (the decode pattern) without lost wake-ups.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "threads/thread_pool.h"

using namespace peregrine;

TEST(ThreadPool, ParallelForCoversRangeOnce) {
    for (int threads : {1, 2, 4, 7}) {
        ThreadPool pool(threads);
        EXPECT_EQ(pool.size(), threads);
        for (int64_t n : {1, 5, 64, 1000, 1001}) {
            for (int64_t grain : {1, 16}) {
                std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
                pool.parallelFor(
                    n,
                    [&](int64_t b, int64_t e) {
                        EXPECT_LT(b, e);
                        EXPECT_TRUE(b % grain == 0);
                        for (int64_t i = b; i < e; ++i) hits[static_cast<size_t>(i)]++;
                    },
                    grain);
                for (auto& h : hits) EXPECT_EQ(h.load(), 1);
            }
        }
    }
}

TEST(ThreadPool, ThreadIndicesAreInRangeAndExclusive) {
    ThreadPool pool(4);
    std::vector<std::atomic<int>> busy(4);
    std::atomic<bool> overlap{false};
    std::atomic<int64_t> covered{0};
    pool.parallelForThreads(
        4000,
        [&](int64_t b, int64_t e, int thread) {
            ASSERT_GE(thread, 0);
            ASSERT_LT(thread, 4);
            if (busy[static_cast<size_t>(thread)]++ != 0) overlap = true;  // one range per thread at a time
            covered += e - b;
            busy[static_cast<size_t>(thread)]--;
        },
        7);
    EXPECT_FALSE(overlap.load());
    EXPECT_EQ(covered.load(), 4000);
}

TEST(ThreadPool, CallerFinishesAloneWhenWorkersAreBusy) {
    // A body that blocks on the first range it gets on a worker: the caller must still be able to complete
    // every other range (dynamic claiming), and the call returns once the blocked range finishes.
    ThreadPool pool(2);
    std::atomic<int64_t> covered{0};
    pool.parallelForThreads(
        100,
        [&](int64_t b, int64_t e, int thread) {
            if (thread != 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
            covered += e - b;
        },
        1);
    EXPECT_EQ(covered.load(), 100);
}

TEST(ThreadPool, ManySmallJobsAndIdleSleep) {
    ThreadPool pool(3);
    std::atomic<int64_t> sum{0};
    for (int round = 0; round < 20000; ++round)
        pool.parallelFor(3, [&](int64_t b, int64_t e) { sum += e - b; });
    EXPECT_EQ(sum.load(), 60000);
    // Let the workers fall asleep, then wake them.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    pool.parallelFor(30, [&](int64_t b, int64_t e) { sum += e - b; });
    EXPECT_EQ(sum.load(), 60030);
}

TEST(ThreadPool, ResizeKeepsWorking) {
    ThreadPool pool(2);
    for (int threads : {4, 1, 3, 0}) {
        pool.resize(threads);
        EXPECT_EQ(pool.size(), threads > 0 ? threads : ThreadPool::defaultThreads());
        std::atomic<int64_t> sum{0};
        pool.parallelFor(100, [&](int64_t b, int64_t e) { sum += e - b; });
        EXPECT_EQ(sum.load(), 100);
    }
}
