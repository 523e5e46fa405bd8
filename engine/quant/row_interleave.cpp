#include "quant/row_interleave.h"

#include <cstring>

namespace peregrine {

namespace {
// Bytes per block of the type (a plain type's "block" is one element).
size_t blockBytesOf(GgmlType type) {
    const auto traits = ggmlTypeTraits(static_cast<uint32_t>(type));
    return traits ? traits->blockBytes : 1;
}

// Where block b of row r (r's group starting at row g0) lies in an interleaved matrix.
inline size_t interleavedOffset(size_t rowBytes, size_t blockBytes, int64_t r, int64_t b) {
    const int64_t g0 = r / kInterleaveRows * kInterleaveRows;
    return static_cast<size_t>(g0) * rowBytes +
           (static_cast<size_t>(b) * kInterleaveRows + static_cast<size_t>(r - g0)) * blockBytes;
}
}  // namespace

void interleaveRowGroups(GgmlType type, uint8_t* data, size_t rowBytes, int64_t r0, int64_t r1,
                         uint8_t* scratch) {
    const size_t blockBytes = blockBytesOf(type);
    const auto blocks = static_cast<int64_t>(rowBytes / blockBytes);
    const size_t groupBytes = rowBytes * kInterleaveRows;
    for (int64_t g = r0; g + kInterleaveRows <= r1; g += kInterleaveRows) {
        uint8_t* group = data + static_cast<size_t>(g) * rowBytes;
        std::memcpy(scratch, group, groupBytes);
        for (int64_t b = 0; b < blocks; ++b)
            for (int r = 0; r < kInterleaveRows; ++r)
                std::memcpy(group + (static_cast<size_t>(b) * kInterleaveRows + r) * blockBytes,
                            scratch + r * rowBytes + static_cast<size_t>(b) * blockBytes, blockBytes);
    }
}

void copyInterleavedRows(GgmlType type, const uint8_t* data, size_t rowBytes, int64_t r0, int64_t r1,
                         uint8_t* dst) {
    const size_t blockBytes = blockBytesOf(type);
    const auto blocks = static_cast<int64_t>(rowBytes / blockBytes);
    for (int64_t r = r0; r < r1; ++r) {
        uint8_t* out = dst + static_cast<size_t>(r - r0) * rowBytes;
        for (int64_t b = 0; b < blocks; ++b)
            std::memcpy(out + static_cast<size_t>(b) * blockBytes,
                        data + interleavedOffset(rowBytes, blockBytes, r, b), blockBytes);
    }
}

}  // namespace peregrine
