// ggml tensor type ids as stored in GGUF files, with their block geometry. The ids are part of the file
// format (ggml-org/ggml ggml.h); names match llama.cpp's so messages read the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace peregrine {

enum class GgmlType : uint32_t {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    IQ2_XXS = 16,
    IQ2_XS = 17,
    IQ3_XXS = 18,
    IQ1_S = 19,
    IQ4_NL = 20,
    IQ3_S = 21,
    IQ2_S = 22,
    IQ4_XS = 23,
    I8 = 24,
    I16 = 25,
    I32 = 26,
    I64 = 27,
    F64 = 28,
    IQ1_M = 29,
    BF16 = 30,
    TQ1_0 = 34,
    TQ2_0 = 35,
    MXFP4 = 39,
};

struct GgmlTypeTraits {
    const char* name;       // "Q4_K"; nullptr for ids that are not a known (or are a removed) type
    uint32_t blockElems;    // elements per block (1 for plain types)
    uint32_t blockBytes;    // bytes per block
    bool computeSupported;  // the engine can dequantize / compute with it
};

// Traits for a raw id from a file; nullopt for removed, unknown or out-of-range ids.
std::optional<GgmlTypeTraits> ggmlTypeTraits(uint32_t id);
// "Q4_K", or "type 31" for an unknown id.
std::string ggmlTypeName(uint32_t id);
inline std::string ggmlTypeName(GgmlType t) {
    return ggmlTypeName(static_cast<uint32_t>(t));
}

// Bytes of a row of n elements (n must be a multiple of the block size); 0 for unknown types.
size_t ggmlRowBytes(GgmlType t, int64_t n);

}  // namespace peregrine
