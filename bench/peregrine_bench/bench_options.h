// Command line of peregrine-bench (llama-bench-like): -m MODEL -t THREADS -p 128,512 -n 64 -r REPS
// [--json | --csv] [--ctx N] [--bw-mib N] [--db PATH].
#pragma once

#include <string>
#include <vector>

namespace peregrine::bench {

enum class OutputFormat { Table, Json, Csv };

struct BenchOptions {
    std::string model;
    std::vector<int> threads = {0};        // 0: all cores
    std::vector<int> promptSizes = {512};  // pp tests (0 entries: none)
    std::vector<int> genSizes = {128};     // tg tests
    int repetitions = 5;
    OutputFormat format = OutputFormat::Table;
    int bandwidthMiB = 1024;  // streaming-read buffer, larger than the last-level cache
    std::string db;           // --db: the app's SQLite database to store the rows in (empty: none)
};

// Parses argv; on error or --help returns false with a message (usage text for --help) in `message`.
bool parseBenchOptions(int argc, char** argv, BenchOptions& options, std::string& message);
std::string benchUsage();

}  // namespace peregrine::bench
