// Runs the benchmark: read bandwidth first (its buffer is freed and the peak-RSS mark reset before the model
// loads), then the model load, then pp (prompt) and tg (decode) tests per thread count. Each tg repetition
// is followed by a bandwidth measure with the same threads, and the decode efficiency compares the two.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench_options.h"
#include "core/status.h"

namespace peregrine::bench {

struct TestRow {
    std::string test;  // "pp128", "tg64"
    int threads = 0;
    int nPrompt = 0, nGen = 0;
    std::vector<double> tokPerSec;  // one per repetition
    std::vector<double> ttftMs;     // pp tests: time to first token
    double bandwidth = 0;           // bytes/s measured with this thread count (tg: mean of bandwidthPerRep)
    std::vector<double> bandwidthPerRep;  // tg tests: read bandwidth measured right after each repetition
    double bytesPerToken = 0;             // tg tests: weights + mean KV read per generated token
    std::string note;                     // e.g. "stopped early (eog) in 1 rep"
};

struct BenchResult {
    std::string modelPath, modelName, fileType, kernelTarget;
    uint64_t fileBytes = 0, params = 0, kvBytes = 0;
    double loadSeconds = 0;
    uint64_t peakRssBytes = 0;  // VmHWM after the model load and all tests (without the bandwidth probe)
    std::vector<TestRow> rows;
};

Result<BenchResult> runBench(const BenchOptions& options);

// Helpers for reports.
double mean(const std::vector<double>& v);
double stddev(const std::vector<double>& v);

}  // namespace peregrine::bench
