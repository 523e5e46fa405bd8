#include "quant/row_interleave.h"

#include <cstring>
#include <span>

#include "quant/blocks.h"

namespace peregrine {

namespace {
// A run of bytes of each block (offset, size inside the block). Body fields sit in each step, the fields of
// all kInterleaveRows rows side by side, in table order; tail fields follow the group's last step, step by
// step.
struct Field {
    size_t offset;
    size_t bytes;
    bool tail;
};

constexpr Field kQ4KFields[] = {
    {0, offsetof(BlockQ4K, qs), false},  // d, dmin, scales
    {offsetof(BlockQ4K, qs), sizeof(BlockQ4K::qs), false},
};
constexpr Field kQ6KFields[] = {
    {offsetof(BlockQ6K, ql), sizeof(BlockQ6K::ql), false},
    {offsetof(BlockQ6K, qh), sizeof(BlockQ6K::qh), false},
    {offsetof(BlockQ6K, scales), sizeof(BlockQ6K::scales), false},
    {offsetof(BlockQ6K, d), sizeof(BlockQ6K::d), true},
};
static_assert(sizeof(BlockQ4K) == 144 && sizeof(BlockQ6K) == 210, "the kernels' offsets assume these");

// How a type's blocks are cut, and where each piece of (row r of its group, block b) lies in the group.
class Layout {
public:
    explicit Layout(GgmlType type) {
        if (type == GgmlType::Q4_K) {
            m_fields = kQ4KFields;
            m_blockBytes = sizeof(BlockQ4K);
        } else if (type == GgmlType::Q6_K) {
            m_fields = kQ6KFields;
            m_blockBytes = sizeof(BlockQ6K);
        } else {
            const auto traits = ggmlTypeTraits(static_cast<uint32_t>(type));
            m_blockBytes = traits ? traits->blockBytes : 1;  // a plain type's "block" is one element
            m_whole = {0, m_blockBytes, false};
            m_fields = std::span<const Field>(&m_whole, 1);
        }
        for (const Field& f : m_fields)
            if (!f.tail) m_bodyBytes += f.bytes;
    }
    Layout(const Layout&) = delete;  // m_fields may point into m_whole
    Layout& operator=(const Layout&) = delete;
    size_t blockBytes() const { return m_blockBytes; }
    size_t stepBytes() const { return m_bodyBytes * kInterleaveRows; }

    // Calls fn(interleavedOffset, blockOffset, bytes) for each field of row r (0..kInterleaveRows-1) of
    // block b, offsets from the group's start and the block's start; blocks is the row's block count.
    template <typename Fn>
    void forEachPiece(int r, int64_t b, int64_t blocks, Fn&& fn) const {
        size_t body = 0, tail = 0;
        const auto ub = static_cast<size_t>(b);
        const auto ur = static_cast<size_t>(r);
        for (const Field& f : m_fields) {
            if (f.tail) {
                const size_t tailStart = static_cast<size_t>(blocks) * stepBytes();
                fn(tailStart + tail * static_cast<size_t>(blocks) * kInterleaveRows +
                       (ub * kInterleaveRows + ur) * f.bytes,
                   f.offset, f.bytes);
                tail += f.bytes;
            } else {
                fn(ub * stepBytes() + body * kInterleaveRows + ur * f.bytes, f.offset, f.bytes);
                body += f.bytes;
            }
        }
    }

private:
    std::span<const Field> m_fields;
    Field m_whole{};
    size_t m_blockBytes = 1;
    size_t m_bodyBytes = 0;  // of one block's fields that sit in the steps
};
}  // namespace

void interleaveRowGroups(GgmlType type, uint8_t* data, size_t rowBytes, int64_t r0, int64_t r1,
                         uint8_t* scratch) {
    const Layout layout(type);
    const auto blocks = static_cast<int64_t>(rowBytes / layout.blockBytes());
    const size_t groupBytes = rowBytes * kInterleaveRows;
    for (int64_t g = r0; g + kInterleaveRows <= r1; g += kInterleaveRows) {
        uint8_t* group = data + static_cast<size_t>(g) * rowBytes;
        std::memcpy(scratch, group, groupBytes);
        for (int r = 0; r < kInterleaveRows; ++r)
            for (int64_t b = 0; b < blocks; ++b) {
                const uint8_t* block = scratch + r * rowBytes + static_cast<size_t>(b) * layout.blockBytes();
                layout.forEachPiece(r, b, blocks, [&](size_t to, size_t from, size_t bytes) {
                    std::memcpy(group + to, block + from, bytes);
                });
            }
    }
}

void copyInterleavedRows(GgmlType type, const uint8_t* data, size_t rowBytes, int64_t r0, int64_t r1,
                         uint8_t* dst) {
    const Layout layout(type);
    const auto blocks = static_cast<int64_t>(rowBytes / layout.blockBytes());
    for (int64_t r = r0; r < r1; ++r) {
        const int64_t g0 = r / kInterleaveRows * kInterleaveRows;
        const uint8_t* group = data + static_cast<size_t>(g0) * rowBytes;
        uint8_t* out = dst + static_cast<size_t>(r - r0) * rowBytes;
        for (int64_t b = 0; b < blocks; ++b) {
            uint8_t* block = out + static_cast<size_t>(b) * layout.blockBytes();
            layout.forEachPiece(
                static_cast<int>(r - g0), b, blocks,
                [&](size_t from, size_t to, size_t bytes) { std::memcpy(block + to, group + from, bytes); });
        }
    }
}

}  // namespace peregrine
