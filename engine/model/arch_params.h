// Hyper-parameters that only some architectures have: sliding-window attention (window, layer pattern, its
// rope base), final logit soft-capping, and LongRoPE (original context, attention factor). Read from the
// <arch>.* keys as llama.cpp reads them, with the same defaults; errors name the key.
#pragma once

#include "core/status.h"
#include "model/arch_registry.h"

namespace peregrine {

class GgufFile;
struct ModelInfo;

// Fills the fields above in `info` (which readHyperParameters already filled); keys an architecture does not
// use are ignored, as llama.cpp ignores them (phi3's sliding_window).
Status readArchParameters(const GgufFile& file, const ArchSpec& arch, ModelInfo& info);

}  // namespace peregrine
