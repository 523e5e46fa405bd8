// Decode layout: at load, the quantized matrices that decode streams are rearranged into interleaved row
// groups (quant/row_interleave.h) where the kernel target reads that layout (kernels/vec_dot.h
// interleavedDecode), so that each thread reads its share of a matrix as one sequential stream.
//
// Why: decode reads every weight once per token, and the speed it reaches is that of its memory reads. The
// plain-row kernels read four rows side by side, four streams per thread; on Zen 5 (2 threads) that pattern
// alone, without arithmetic, read 45-46 GB/s where one sequential stream read 57-58 GB/s.
//
// Which: the layer matrices and the output projection (token_embd when tied) whose type has an interleaved
// kernel, whose rows are a multiple of kInterleaveRows and which are whole tensors (not the parts of a fused
// one). Only files read into memory (Residency::InMemory) are rearranged, once per file (GgufFile::
// rearrangeOnce); a mapped file keeps plain rows, and so do all matrices on targets without the kernel.
// Every reader of these matrices goes through MatMul or WeightMatrix::copyRows, which follow the flag.
//
// Column slabs: an interleaved matrix wider than kSlabCols columns (a multiple of it) is further cut into
// slabs of kSlabCols columns, one after the other, each an interleaved matrix of all rows
// (WeightMatrix::slabs); decode multiplies each slab with its share of the activations and sums the slabs'
// results. Why: a kernel re-reads the whole quantized activation vector for every group of rows, 9.3 KiB at
// 8192 columns against 2.3 KiB at 2048, and on Zen 5 a 600 MB Q4_K matrix streamed at 0.69-0.79 of a plain
// read with 8192 columns where 2048 reached 0.83-0.89 (scratch harness, 2 threads, alternated). In the 1B
// shape the feed-forward down projections (8192 columns) went from 39.5-40.0 to 45.8-46.5 GB/s (Q4_K) and
// 50.1-52.0 (Q6_K). The sum order differs from one pass over the row, so results agree to rounding.
//
// Thread: at load, before the model runs; the work is spread over the pool. Cost: one read and write of
// the rearranged tensors (the 1B shape: 0.8 GB).
#pragma once

#include <cstdint>
#include <vector>

#include "model/model_weights.h"

namespace peregrine {

class GgufFile;
class ThreadPool;

// Rearranges the eligible matrices of `weights` (bound from `file`) and sets their `interleaved` flag. Does
// nothing for files not in memory or on targets without an interleaved kernel. Returns the matrices
// interleaved.
int useInterleavedRows(ModelWeights& weights, const GgufFile& file, ThreadPool& pool);

constexpr int64_t kSlabCols = 2048;
// The slabs a matrix of `cols` columns is cut into; 1: none.
int columnSlabs(int64_t cols);
// Rewrites rows x rowBytes of plain rows at data, in place, into `slabs` column slabs, each in interleaved
// row groups. scratch: a buffer, grown to one slab (rows x rowBytes / slabs bytes).
void cutIntoSlabs(GgmlType type, uint8_t* data, int64_t rows, size_t rowBytes, int slabs,
                  std::vector<uint8_t>& scratch);

}  // namespace peregrine
