// Random-weight GGUF models of real shapes (bench and load tests without downloading weights). Weights are a
// seeded normal (std 0.02; norms 1.0, biases std 0.02) generated per row from (seed, tensor, row), so the
// file is the same for any thread count. Quantization runs on all cores; the writer holds one copy of the
// output.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "synth/synth_shape.h"

namespace peregrine {

struct SynthTensorPlan {
    std::string name;
    std::vector<int64_t> ne;  // ne[0] contiguous
    GgmlType type = GgmlType::F32;
    int layer = -1;
    // Ones: norm weights; NoisyOnes: 1 + N(0, 0.1); Values: the fixed `values` (rope factors).
    enum class Init { Normal, Ones, NoisyOnes, Values } init = Init::Normal;
    std::vector<float> values;
    int64_t elements() const;
    uint64_t bytes() const;  // on-disk size
};

// Tensors of a shape in file order, with the types llama-quantize would pick for `type`.
std::vector<SynthTensorPlan> planSynthTensors(const SynthShape& shape, SynthType type);

// Llama 3 rope scaling as frequency divisors (what convert_hf_to_gguf writes as rope_freqs.weight),
// headDim/2.
std::vector<float> llama3RopeFactors(const SynthShape& shape);
// LongRoPE divisors (ropeDims/2), rising smoothly from 1 to the context stretch (long) or staying near 1
// (short): the form of Phi-3's factors, not their values. And the attention factor the converter derives,
// sqrt(1 + ln(nCtx / origCtx) / ln(origCtx)).
std::vector<float> longRopeFactors(const SynthShape& shape, bool longFactors);
float longRopeAttnFactor(const SynthShape& shape);

struct SynthOptions {
    uint64_t seed = 0;
    int threads = 0;  // 0: all hardware threads
    // Called after each tensor with (tensors done, tensors total); from the calling thread.
    std::function<void(size_t, size_t)> progress;
};

struct SynthReport {
    uint64_t fileBytes = 0;
    uint64_t tensorBytes = 0;
    int64_t parameters = 0;
    size_t tensors = 0;
    double seconds = 0.0;
};

Result<SynthReport> synthesizeModel(const SynthShape& shape, SynthType type, const std::string& path,
                                    const SynthOptions& options = {});

}  // namespace peregrine
