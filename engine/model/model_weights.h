// Weight binding: every tensor the architecture table names, resolved against a validated GGUF file.
// Matrices stay quantized in the file mapping (no copy); vectors (norm weights, biases, rope factors) are
// dequantized to F32 once at load. Access is by TensorRole, so the forward pass is architecture-neutral.
//
// Ownership: a ModelWeights points into the GgufFile mapping and must not outlive it.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/status.h"
#include "model/arch_registry.h"
#include "quant/ggml_type.h"

namespace peregrine {

class GgufFile;
struct ModelInfo;

// A row-major packed matrix: rows x cols (cols = ne[0], contiguous), rowBytes per row. Interleaved
// matrices (model/decode_layout.h) hold groups of kInterleaveRows rows block by block
// (quant/row_interleave.h): row(r) is then the start of r's group only for r a multiple of kInterleaveRows,
// and a row's bytes are read with copyRows(). An interleaved matrix may further be cut into `slabs` column
// slabs, one after the other, each an interleaved matrix of all rows and cols / slabs columns.
struct WeightMatrix {
    const uint8_t* data = nullptr;  // nullptr: absent (optional tensor)
    GgmlType type = GgmlType::F32;
    int64_t cols = 0;
    int64_t rows = 0;
    size_t rowBytes = 0;
    bool interleaved = false;
    int slabs = 1;  // interleaved only
    explicit operator bool() const { return data != nullptr; }
    const uint8_t* row(int64_t r) const { return data + static_cast<size_t>(r) * rowBytes; }
    int64_t slabCols() const { return cols / slabs; }
    size_t slabRowBytes() const { return rowBytes / static_cast<size_t>(slabs); }
    const uint8_t* slab(int s) const {
        return data + static_cast<size_t>(s) * static_cast<size_t>(rows) * slabRowBytes();
    }
    // Rows [r0, r1) as plain rows, rowBytes apart from dst, whatever the layout.
    void copyRows(int64_t r0, int64_t r1, uint8_t* dst) const;
};

struct TensorSet {
    std::array<WeightMatrix, kTensorRoleCount> matrices;
    std::array<std::vector<float>, kTensorRoleCount> vectors;  // empty: absent
    const WeightMatrix& m(TensorRole r) const { return matrices[static_cast<int>(r)]; }
    const std::vector<float>& v(TensorRole r) const { return vectors[static_cast<int>(r)]; }
    const float* vOrNull(TensorRole r) const { return v(r).empty() ? nullptr : v(r).data(); }
};

struct ModelWeights {
    TensorSet global;               // token_embd, output_norm, output, output bias, rope_freqs
    std::vector<TensorSet> layers;  // blk.N.*
    // Output projection: output.weight, or token_embd.weight when tied.
    const WeightMatrix& output() const;
};

// Binds (and for vectors, dequantizes) the tensors of an architecture. `info` must come from
// readModelInfo(file), which validated presence, shapes and types.
Result<ModelWeights> bindWeights(const GgufFile& file, const ArchSpec& arch, const ModelInfo& info);

}  // namespace peregrine
