// DecodeShares: every row of a job taken exactly once (alone and by racing threads), shares of equal bytes,
// each owner's chunks one contiguous run, chunk sizes within their bounds, and small jobs on fewer threads.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "model/decode_shares.h"

using namespace peregrine;

namespace {

using Segment = DecodeShares::Segment;
using Chunk = DecodeShares::Chunk;
constexpr int64_t kG = DecodeShares::kGroupRows;

// The 1B shape's Q/K/V set (Q4_K rows of 1152 bytes, 2048 + 512 + 512 rows) and a slabbed down projection
// (4 slabs of 2048 rows), plus a segment whose row count is not a multiple of the group.
const std::vector<Segment> kQkv = {{2048, 1152}, {512, 1152}, {512, 1152}};
const std::vector<Segment> kSlabs = {{2048, 1680}, {2048, 1680}, {2048, 1680}, {2048, 1680}};
const std::vector<Segment> kOdd = {{10, 40000}, {3, 70000}, {333, 1152}};

int64_t bytesOf(const std::vector<Segment>& segs, const Chunk& c) {
    return (c.r1 - c.r0) * static_cast<int64_t>(segs[static_cast<size_t>(c.segment)].rowBytes);
}

// Takes every chunk on one thread: owners first in share order when ownersFirst, else stealing from the
// back of share s + 1 between owner claims. Checks each row once.
void takeAllOnce(const std::vector<Segment>& segs, int threads, bool interleave) {
    DecodeShares plan;
    const int shares = plan.plan(segs, threads);
    ASSERT_GE(shares, 1);
    ASSERT_LE(shares, threads);
    std::vector<std::vector<int>> hits(segs.size());
    for (size_t i = 0; i < segs.size(); ++i) hits[i].assign(static_cast<size_t>(segs[i].rows), 0);
    auto mark = [&](const Chunk& c) {
        ASSERT_GE(c.segment, 0);
        ASSERT_LT(c.segment, static_cast<int>(segs.size()));
        EXPECT_EQ(c.r0 % kG, 0);
        EXPECT_LT(c.r0, c.r1);
        EXPECT_LE(c.r1, segs[static_cast<size_t>(c.segment)].rows);
        for (int64_t r = c.r0; r < c.r1; ++r) ++hits[static_cast<size_t>(c.segment)][static_cast<size_t>(r)];
    };
    Chunk c{};
    for (int s = 0; s < shares; ++s) {
        bool more = true;
        while (more) {
            more = plan.claim(s, false, &c);
            if (more) mark(c);
            if (interleave && shares > 1 && plan.claim((s + 1) % shares, true, &c)) mark(c);
        }
    }
    for (int s = 0; s < shares; ++s) EXPECT_FALSE(plan.claim(s, true, &c));
    for (size_t i = 0; i < segs.size(); ++i)
        for (size_t r = 0; r < hits[i].size(); ++r)
            ASSERT_EQ(hits[i][r], 1) << "segment " << i << " row " << r;
}

}  // namespace

TEST(DecodeShares, EveryRowOnce) {
    for (const auto* segs : {&kQkv, &kSlabs, &kOdd})
        for (int threads : {1, 2, 3, 8})
            for (bool interleave : {false, true}) {
                SCOPED_TRACE(threads);
                takeAllOnce(*segs, threads, interleave);
            }
}

TEST(DecodeShares, SharesHoldEqualBytesInOneContiguousRun) {
    for (const auto* segs : {&kQkv, &kSlabs})
        for (int threads : {2, 3}) {
            DecodeShares plan;
            const int shares = plan.plan(*segs, threads);
            ASSERT_EQ(shares, threads);
            int64_t total = 0;
            size_t widest = 0;
            for (const Segment& s : *segs) {
                total += s.rows * static_cast<int64_t>(s.rowBytes);
                widest = std::max(widest, s.rowBytes);
            }
            for (int s = 0; s < shares; ++s) {
                // Front claims alone: one run, each chunk where the last ended (or a segment's start).
                int64_t bytes = 0, chunks = 0;
                Chunk c{}, last{-1, 0, 0};
                while (plan.claim(s, false, &c)) {
                    if (last.segment >= 0) {
                        if (c.segment == last.segment)
                            EXPECT_EQ(c.r0, last.r1);
                        else
                            EXPECT_TRUE(c.segment == last.segment + 1 && c.r0 == 0 &&
                                        last.r1 == (*segs)[static_cast<size_t>(last.segment)].rows);
                    }
                    const int64_t b = bytesOf(*segs, c);
                    EXPECT_LE(b, DecodeShares::kMaxChunkBytes);
                    bytes += b;
                    ++chunks;
                    last = c;
                }
                // Equal to within one group of the widest rows.
                EXPECT_NEAR(static_cast<double>(bytes), static_cast<double>(total) / shares,
                            static_cast<double>(widest * kG))
                    << "share " << s;
                // Chunks start at half the share and shrink: a few per share, not one per 64 KiB.
                EXPECT_LT(chunks, bytes / DecodeShares::kChunkBytes / 2 + 8);
            }
        }
}

TEST(DecodeShares, StolenChunksAreSmallAndFromTheBack) {
    DecodeShares plan;
    ASSERT_EQ(plan.plan(kSlabs, 2), 2);
    Chunk c{};
    ASSERT_TRUE(plan.claim(1, true, &c));
    // Share 1 ends with the last slab's last rows.
    EXPECT_EQ(c.segment, 3);
    EXPECT_EQ(c.r1, 2048);
    EXPECT_LE(bytesOf(kSlabs, c), DecodeShares::kChunkBytes);
    EXPECT_GT(bytesOf(kSlabs, c), DecodeShares::kChunkBytes / 2);
    Chunk next{};
    ASSERT_TRUE(plan.claim(1, true, &next));
    EXPECT_EQ(next.segment, 3);
    EXPECT_EQ(next.r1, c.r0);
    // The owner's first chunk is half of its share (within the 2 MiB cap: 6.7 MiB / 2 is over it).
    ASSERT_TRUE(plan.claim(0, false, &c));
    EXPECT_EQ(c.segment, 0);
    EXPECT_EQ(c.r0, 0);
    EXPECT_LE(bytesOf(kSlabs, c), DecodeShares::kMaxChunkBytes);
    EXPECT_GT(bytesOf(kSlabs, c), DecodeShares::kMaxChunkBytes - 4 * 1680);
}

TEST(DecodeShares, SmallJobsUseFewerShares) {
    DecodeShares plan;
    EXPECT_EQ(plan.plan(std::vector<Segment>{{64, 256}}, 8), 1);  // 16 KiB
    EXPECT_EQ(plan.plan(std::vector<Segment>{{5 * 64, 1024}}, 8), 5);
    EXPECT_EQ(plan.plan(std::vector<Segment>{}, 4), 1);
    Chunk c{};
    EXPECT_FALSE(plan.claim(0, false, &c));
}

TEST(DecodeShares, RacingThreadsTakeEveryRowOnce) {
    // Four threads, each its own share from the front and then the others' from the back, as runDecode
    // does; one thread starts late, so the others steal most of its share.
    const std::vector<Segment> segs = {{8192, 1152}, {8192, 1152}, {4096, 840}};
    for (int round = 0; round < 20; ++round) {
        DecodeShares plan;
        const int shares = plan.plan(segs, 4);
        ASSERT_EQ(shares, 4);
        std::vector<std::vector<std::atomic<int>>> hits;
        hits.reserve(segs.size());
        for (const Segment& s : segs) hits.emplace_back(static_cast<size_t>(s.rows));
        std::atomic<int> started{0};
        auto body = [&](int share) {
            started.fetch_add(1);
            if (share == 3)
                while (started.load() < 4) std::this_thread::yield();
            Chunk c{};
            auto mark = [&] {
                for (int64_t r = c.r0; r < c.r1; ++r)
                    hits[static_cast<size_t>(c.segment)][static_cast<size_t>(r)].fetch_add(1);
            };
            while (plan.claim(share, false, &c)) mark();
            for (int k = 1; k < shares; ++k)
                while (plan.claim((share + k) % shares, true, &c)) mark();
        };
        std::vector<std::thread> threads;
        for (int s = 0; s < shares; ++s) threads.emplace_back(body, s);
        for (auto& t : threads) t.join();
        for (size_t i = 0; i < segs.size(); ++i)
            for (auto& h : hits[i]) ASSERT_EQ(h.load(), 1);
    }
}
