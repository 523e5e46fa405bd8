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
// Thread: at load, before the model runs; the work is spread over the pool. Cost: one read and write of
// the rearranged tensors (the 1B shape: 0.8 GB).
#pragma once

#include "model/model_weights.h"

namespace peregrine {

class GgufFile;
class ThreadPool;

// Rearranges the eligible matrices of `weights` (bound from `file`) and sets their `interleaved` flag. Does
// nothing for files not in memory or on targets without an interleaved kernel. Returns the matrices
// interleaved.
int useInterleavedRows(ModelWeights& weights, const GgufFile& file, ThreadPool& pool);

}  // namespace peregrine
