#include "bench_options.h"

#include <charconv>
#include <string_view>

namespace peregrine::bench {

namespace {

bool parseIntList(std::string_view text, std::vector<int>& out) {
    out.clear();
    while (!text.empty()) {
        const size_t comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        int v = 0;
        const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
        if (ec != std::errc() || ptr != item.data() + item.size() || v < 0) return false;
        out.push_back(v);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return true;
}

}  // namespace

std::string benchUsage() {
    return "usage: peregrine-bench -m MODEL [options]\n"
           "  -m, --model PATH       GGUF model\n"
           "  -t, --threads LIST     thread counts, e.g. 2 or 1,2 (default: all cores)\n"
           "  -p, --n-prompt LIST    prompt sizes for pp tests (default 512; 0 skips)\n"
           "  -n, --n-gen LIST       generated tokens for tg tests (default 128; 0 skips)\n"
           "  -r, --repetitions N    repetitions per test (default 5)\n"
           "      --bw-mib N         streaming-read buffer for the bandwidth test (default 1024)\n"
           "      --json | --csv     output format (default: table)\n"
           "      --db PATH          also store the rows in the app's database (table benchmark_runs,\n"
           "                         e.g. ~/.local/share/peregrine/peregrine.db)\n"
           "exit status: 0 ok, 1 the run failed, 2 usage, 3 measured and printed but not stored (--db)\n"
           "environment: PEREGRINE_KERNELS=<target> forces a kernel target (e.g. AVX2, reference)\n";
}

bool parseBenchOptions(int argc, char** argv, BenchOptions& o, std::string& message) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&](std::string_view& v) {
            if (i + 1 >= argc) {
                message = "missing value for " + std::string(a);
                return false;
            }
            v = argv[++i];
            return true;
        };
        std::string_view v;
        if (a == "-h" || a == "--help") {
            message = benchUsage();
            return false;
        } else if (a == "--json") {
            o.format = OutputFormat::Json;
        } else if (a == "--csv") {
            o.format = OutputFormat::Csv;
        } else if (a == "-m" || a == "--model") {
            if (!value(v)) return false;
            o.model = v;
        } else if (a == "-t" || a == "--threads" || a == "-p" || a == "--n-prompt" || a == "-n" ||
                   a == "--n-gen") {
            if (!value(v)) return false;
            auto& list = (a == "-t" || a == "--threads")    ? o.threads
                         : (a == "-p" || a == "--n-prompt") ? o.promptSizes
                                                            : o.genSizes;
            if (!parseIntList(v, list)) {
                message = "bad list for " + std::string(a) + ": '" + std::string(v) + "'";
                return false;
            }
        } else if (a == "-r" || a == "--repetitions" || a == "--bw-mib") {
            if (!value(v)) return false;
            std::vector<int> one;
            if (!parseIntList(v, one) || one.size() != 1 || one[0] < 1) {
                message = "bad value for " + std::string(a) + ": '" + std::string(v) + "'";
                return false;
            }
            (a == "--bw-mib" ? o.bandwidthMiB : o.repetitions) = one[0];
        } else if (a == "--db") {
            if (!value(v)) return false;
            o.db = v;
        } else {
            message = "unknown option '" + std::string(a) + "'\n" + benchUsage();
            return false;
        }
    }
    if (o.model.empty()) {
        message = "no model given (-m)\n" + benchUsage();
        return false;
    }
    return true;
}

}  // namespace peregrine::bench
