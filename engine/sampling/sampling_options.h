// Sampling settings of one request (runtime/session.h re-exports this for the Session API).
#pragma once

#include <cstdint>

namespace peregrine {

struct SamplingOptions {
    float temperature = 0.7f;    // <= 0: greedy
    int topK = 40;               // <= 0: off
    float topP = 0.95f;          // >= 1: off
    float minP = 0.05f;          // <= 0: off
    float repeatPenalty = 1.0f;  // 1: off
    int repeatLastN = 64;
    uint64_t seed = 0;  // same seed + same input = same output
};

}  // namespace peregrine
