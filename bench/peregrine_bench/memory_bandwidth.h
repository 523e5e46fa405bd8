// Read bandwidth of this machine as decode sees it: `threads` threads each stream through their slice of a
// buffer larger than the last-level cache, summing 64-bit words (the loads dominate; no stores).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "gguf/huge_page_region.h"

namespace peregrine::bench {

struct BandwidthResult {
    double bytesPerSecond = 0;  // best of the passes
    double meanBytesPerSecond = 0;
    int passes = 0;
};

// A buffer of `bytes` on the same kind of memory as a session's weights (gguf/huge_page_region.h), written
// once, then timed full reads by `threads` threads as often as asked.
// Decode runs are compared with a measure() taken right after each of them: this VM's bandwidth moves by
// 30-50% within a minute, so one figure taken before the model loads said little about a later run.
class ReadBandwidthProbe {
public:
    ReadBandwidthProbe(size_t bytes, int threads);
    // Reads the caller's buffer instead (kept alive and unchanged by the caller; 8-byte aligned): a kernel
    // and the plain read then stream the very same memory, whose speed on this VM differs by region.
    ReadBandwidthProbe(const uint8_t* data, size_t bytes, int threads);
    ~ReadBandwidthProbe();
    ReadBandwidthProbe(const ReadBandwidthProbe&) = delete;
    ReadBandwidthProbe& operator=(const ReadBandwidthProbe&) = delete;
    size_t bytes() const { return m_words * sizeof(uint64_t); }  // 0 when the memory could not be had
    // One warm-up read, then `passes` timed ones. Cost: about (passes + 1) * bytes / bandwidth seconds.
    BandwidthResult measure(int passes);

private:
    double pass(bool write);
    std::unique_ptr<HugePageRegion> m_region;
    const uint64_t* m_data = nullptr;
    size_t m_words = 0;
    int m_threads = 1;
    uint64_t m_sink = 0;
};

// One probe, measured `passes` times, freed before returning.
BandwidthResult measureReadBandwidth(size_t bytes, int threads, int passes = 5);

}  // namespace peregrine::bench
