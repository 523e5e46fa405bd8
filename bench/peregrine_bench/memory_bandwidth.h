// Read bandwidth of this machine as decode sees it: `threads` threads each stream through their slice of a
// buffer larger than the last-level cache, summing 64-bit words (the loads dominate; no stores).
#pragma once

#include <cstddef>

namespace peregrine::bench {

struct BandwidthResult {
    double bytesPerSecond = 0;  // best of the passes
    double meanBytesPerSecond = 0;
    int passes = 0;
};

// Allocates and touches `bytes` (freed before returning), then times `passes` full reads. Cost: about
// passes * bytes / bandwidth seconds plus one write pass.
BandwidthResult measureReadBandwidth(size_t bytes, int threads, int passes = 5);

}  // namespace peregrine::bench
