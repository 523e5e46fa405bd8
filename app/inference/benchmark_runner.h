// Benchmark of a loaded model (any Backend): prompt processing tok/s, decode tok/s and time to first token,
// measured on a fixed English prompt of about request.promptTokens tokens with greedy decoding of
// request.generateTokens tokens at most (an answer that ends early counts what was generated). One short
// warm-up run, then request.repetitions measured runs; the median of each figure is reported. Runs on the
// calling thread (the inference thread) and blocks it: ~seconds on a board.
#pragma once

#include <QString>

#include "inference/inference_types.h"

namespace peregrine {

class Backend;

// On failure returns an empty result and sets *error.
BenchmarkResult runBackendBenchmark(Backend& backend, const BenchmarkRequest& request, QString* error);

}  // namespace peregrine
