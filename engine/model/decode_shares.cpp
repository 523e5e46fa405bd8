#include "model/decode_shares.h"

#include <algorithm>

namespace peregrine {

namespace {
uint64_t packRange(int64_t front, int64_t back) {
    return (static_cast<uint64_t>(front) << 32) | static_cast<uint64_t>(back);
}
int64_t frontOf(uint64_t range) {
    return static_cast<int64_t>(range >> 32);
}
int64_t backOf(uint64_t range) {
    return static_cast<int64_t>(range & 0xFFFFFFFFu);
}
int64_t groupBytes(const DecodeShares::Segment& s) {
    return std::max<int64_t>(1, static_cast<int64_t>(s.rowBytes) * DecodeShares::kGroupRows);
}
}  // namespace

int DecodeShares::plan(std::span<const Segment> segments, int threads) {
    m_segments.assign(segments.begin(), segments.end());
    int64_t total = 0;
    for (const Segment& s : segments) total += s.rows * static_cast<int64_t>(s.rowBytes);
    const int shares =
        static_cast<int>(std::clamp<int64_t>(total / kChunkBytes, 1, std::max<int64_t>(1, threads)));
    if (m_shareCapacity < shares) {
        m_shares = std::make_unique<Share[]>(static_cast<size_t>(shares));
        m_shareCapacity = shares;
    }
    m_shareCount = shares;
    m_pieces.clear();

    int share = 0;
    int64_t given = 0;  // bytes given to the shares so far
    int64_t v = 0;      // groups given to `share` so far
    m_shares[0].p0 = 0;
    const auto closeShare = [&] {
        m_shares[share].p1 = m_pieces.size();
        m_shares[share].range.store(packRange(0, v), std::memory_order_relaxed);
        ++share;
        v = 0;
        if (share < shares) m_shares[share].p0 = m_pieces.size();
    };
    for (size_t i = 0; i < segments.size(); ++i) {
        const int64_t bytes = groupBytes(segments[i]);
        const int64_t groups = (segments[i].rows + kGroupRows - 1) / kGroupRows;
        for (int64_t g0 = 0; g0 < groups;) {
            // Share k ends at (k + 1) / shares of the job's bytes; the last one takes what is left.
            const bool last = share + 1 >= shares;
            const int64_t end = last ? INT64_MAX : total * (share + 1) / shares;
            const int64_t want = last ? groups - g0 : std::max<int64_t>(1, (end - given + bytes - 1) / bytes);
            const int64_t g1 = std::min(groups, g0 + want);
            m_pieces.push_back({static_cast<int>(i), g0, g1, v});
            v += g1 - g0;
            given += (g1 - g0) * bytes;
            g0 = g1;
            if (!last && given >= end) closeShare();
        }
    }
    while (share < shares) closeShare();  // the last share, and any that rounding left empty
    return shares;
}

bool DecodeShares::claim(int s, bool fromBack, Chunk* chunk) {
    Share& share = m_shares[s];
    uint64_t range = share.range.load(std::memory_order_relaxed);
    for (;;) {
        const int64_t front = frontOf(range), back = backOf(range);
        if (front >= back) return false;
        // The piece holding the group to take (a share spans a few pieces).
        const int64_t at = fromBack ? back - 1 : front;
        size_t p = share.p0;
        while (p + 1 < share.p1 && m_pieces[p + 1].v0 <= at) ++p;
        const Piece& piece = m_pieces[p];
        const Segment& seg = m_segments[static_cast<size_t>(piece.segment)];
        const int64_t bytes = groupBytes(seg);
        const int64_t minGroups = std::max<int64_t>(1, kChunkBytes / bytes);
        const int64_t maxGroups = std::max(minGroups, kMaxChunkBytes / bytes);
        int64_t lo = 0, hi = 0;
        if (fromBack) {
            lo = std::max({front, piece.v0, back - minGroups});
            hi = back;
        } else {
            lo = front;
            const int64_t n = std::clamp<int64_t>((back - front) / 2, minGroups, maxGroups);
            hi = std::min({back, piece.v0 + (piece.g1 - piece.g0), front + n});
        }
        const uint64_t next = fromBack ? packRange(front, lo) : packRange(hi, back);
        if (!share.range.compare_exchange_weak(range, next, std::memory_order_relaxed)) continue;
        chunk->segment = piece.segment;
        chunk->r0 = (piece.g0 + lo - piece.v0) * kGroupRows;
        chunk->r1 = std::min(seg.rows, (piece.g0 + hi - piece.v0) * kGroupRows);
        return true;
    }
}

}  // namespace peregrine
