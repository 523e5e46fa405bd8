// peregrine-bench: see bench_options.h for the command line, bench_runner.h for what is measured.
#include <cstdio>

#include "bench_options.h"
#include "bench_report.h"
#include "bench_runner.h"

int main(int argc, char** argv) {
    using namespace peregrine::bench;
    BenchOptions options;
    std::string message;
    if (!parseBenchOptions(argc, argv, options, message)) {
        std::fputs(message.c_str(), stderr);
        return message.rfind("usage:", 0) == 0 ? 0 : 2;
    }
    if (!options.db.empty()) {
        std::fputs("peregrine-bench: --db is not available in this build (the app's storage is not linked)\n",
                   stderr);
        return 2;
    }
    auto result = runBench(options);
    if (!result) {
        std::fprintf(stderr, "peregrine-bench: %s\n", result.message().c_str());
        return 1;
    }
    std::fputs(formatReport(*result, options.format).c_str(), stdout);
    return 0;
}
