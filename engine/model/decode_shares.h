// The work plan of one decode job (a batch-1 product of one or more weight matrices): the job's rows are cut
// into one share per thread, of equal weight bytes, and each share is taken in chunks.
//
// A share's owner takes chunks from its front, so each thread streams one contiguous run of memory for the
// whole job; its chunks start large (half of what is left of the share, up to kMaxChunkBytes) and shrink
// toward kChunkBytes. A thread that ran out of its own share takes kChunkBytes chunks from the backs of the
// others, so the threads still finish together when one of them is slow (a busy core, a late wake-up).
// Why (Zen 5, 2 threads, decode tok/s of `peregrine-bench -p 0 -n 64`):
//   - against the earlier guided items over the whole job (each item a share of what was left of the job,
//     taken by whichever thread came first), in alternated process pairs: 1B +3 to +9% in 4 of 4 pairs and
//     -2 to +4% in 3 later ones, 3B +2.7 to +6.8% in 3 of 3;
//   - in one process (a build switching per repetition, 1B): chunks of 64 KiB throughout were 5% slower than
//     512 KiB ones (each chunk restarts the kernel's head prefetch), and 4 MiB ones 6% slower than 64 KiB (a
//     thread waits for up to a chunk at the end of a job); growing front chunks with 64 KiB ones stolen from
//     the back matched 512 KiB, and keep the end balanced.
//
// A job is a list of segments, each a run of rows of one width (one matrix, or one column slab of it), in
// the order they are stored. Rows are taken in whole groups of kGroupRows (the interleaved layout's row
// groups); the last group of a segment may be short.
//
// Thread: plan() by the job's owner before the job; claim() concurrently from the job's threads (one atomic
// word per share). No allocation per job once the largest plan was seen.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "quant/row_interleave.h"

namespace peregrine {

class DecodeShares {
public:
    static constexpr int64_t kGroupRows = kInterleaveRows;
    static constexpr int64_t kChunkBytes = 64 * 1024;
    static constexpr int64_t kMaxChunkBytes = 2 * 1024 * 1024;

    struct Segment {
        int64_t rows;
        size_t rowBytes;
    };
    // Rows [r0, r1) of segment `segment`.
    struct Chunk {
        int segment;
        int64_t r0;
        int64_t r1;
    };

    // Plans a job over `segments` for up to `threads` threads: one share per thread, but no share under
    // kChunkBytes (a small job runs on fewer threads). Returns the number of shares.
    int plan(std::span<const Segment> segments, int threads);
    int shares() const { return m_shareCount; }
    // Takes the next chunk of share s: from its front (its owner) or its back (another thread). false when
    // the share is used up.
    bool claim(int s, bool fromBack, Chunk* chunk);

private:
    // A piece is the part of one segment in one share: its groups [g0, g1), numbered in the share from v0.
    struct Piece {
        int segment;
        int64_t g0;
        int64_t g1;
        int64_t v0;
    };
    // [front:32][back:32] of the share's groups not yet taken; its pieces are m_pieces[p0, p1).
    struct Share {
        std::atomic<uint64_t> range{0};
        size_t p0 = 0;
        size_t p1 = 0;
    };
    std::vector<Segment> m_segments;
    std::vector<Piece> m_pieces;
    std::unique_ptr<Share[]> m_shares;
    int m_shareCapacity = 0;
    int m_shareCount = 0;
};

}  // namespace peregrine
