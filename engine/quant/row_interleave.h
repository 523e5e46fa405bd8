// Interleaved row groups: the layout decode reads quantized matrices in where the kernel target has a kernel
// for it (KernelTable::rowsInterleaved; model/decode_layout.h decides at load).
//
// A matrix of rows x rowBytes (rows a multiple of kInterleaveRows) is cut into groups of kInterleaveRows
// consecutive rows. A group keeps its place and size, and inside it holds block 0 of each of its rows, then
// block 1 of each, and so on, so that the decode kernel reads a group front to back as one stream instead of
// four streams rowBytes apart. A group starts where its first row started, so a range of whole groups is
// still data + r0 * rowBytes.
//
// Inside a step of kInterleaveRows blocks the fields are sorted so that the wide ones start on 64-byte lines
// (the kernels' 64-byte loads then read one line each instead of two: on Zen 5, two threads reading 64-byte
// vectors 16 bytes off the line streamed at 0.77 of the aligned rate):
//   Q4_K (144-byte blocks, 576 per step):  d, dmin, scales of rows 0-3 (4 x 16, one line), then qs of
//                                          rows 0-3 (4 x 128).
//   Q6_K (210-byte blocks): ql of rows 0-3 (4 x 128), qh (4 x 64), scales (4 x 16): 832 bytes per step; the
//                           fp16 d of every step (4 x 2 bytes each, step order) follow the group's last step.
//   Other types: whole blocks, row order.
// With the matrix 64-byte aligned, every Q4_K step starts on a line, and every Q6_K step when its rows hold
// a multiple of 8 blocks (2048 or 8192 columns; 3072 columns put every other group 32 bytes off).
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
