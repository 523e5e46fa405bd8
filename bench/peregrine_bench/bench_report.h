// Formats a BenchResult: a llama-bench-like markdown table with a summary block (load time, peak RSS,
// bandwidth, decode efficiency), JSON, or CSV (one line per test row).
#pragma once

#include <string>

#include "bench_options.h"
#include "bench_runner.h"

namespace peregrine::bench {

std::string formatReport(const BenchResult& result, OutputFormat format);

// tok/s x bytes per token / bandwidth, for tg rows (0 for pp rows).
double decodeEfficiency(const TestRow& row);

}  // namespace peregrine::bench
