// Interleaved row groups: the layout decode reads quantized matrices in where the kernel target has a kernel
// for it (KernelTable::rowsInterleaved; model/decode_layout.h decides at load).
//
// A matrix of rows x rowBytes (rows a multiple of kInterleaveRows) is cut into groups of kInterleaveRows
// consecutive rows. A group keeps its place and size, and inside it holds block 0 of each of its rows (row
// order), then block 1 of each, and so on. The decode kernel then reads a group front to back as one stream
// instead of four streams rowBytes apart. A group starts where its first row started, so a range of whole
// groups is still data + r0 * rowBytes.
//
// Thread: pure functions over caller memory; disjoint groups may be converted concurrently.
#pragma once

#include <cstddef>
#include <cstdint>

#include "quant/ggml_type.h"

namespace peregrine {

constexpr int kInterleaveRows = 4;

// Rearranges rows [r0, r1) (both multiples of kInterleaveRows) of a matrix of `type` from plain rows into
// interleaved groups, in place. scratch holds kInterleaveRows * rowBytes bytes.
void interleaveRowGroups(GgmlType type, uint8_t* data, size_t rowBytes, int64_t r0, int64_t r1,
                         uint8_t* scratch);
// Copies rows [r0, r1) (any range) of an interleaved matrix of `type` out as plain rows, rowBytes apart
// from dst.
void copyInterleavedRows(GgmlType type, const uint8_t* data, size_t rowBytes, int64_t r0, int64_t r1,
                         uint8_t* dst);

}  // namespace peregrine
