// peregrine-bench: see bench_options.h for the command line, bench_runner.h for what is measured and
// bench_db.h for --db.
#include <cstdio>

#include "bench_options.h"
#include "bench_report.h"
#include "bench_runner.h"
#ifdef PEREGRINE_BENCH_DB
#include "bench_db.h"
#endif

int main(int argc, char** argv) {
    using namespace peregrine::bench;
    BenchOptions options;
    std::string message;
    if (!parseBenchOptions(argc, argv, options, message)) {
        std::fputs(message.c_str(), stderr);
        return message.rfind("usage:", 0) == 0 ? 0 : 2;
    }
#ifdef PEREGRINE_BENCH_DB
    // The database is opened first so that a path that cannot be used is reported before a long run; the
    // run still goes ahead and is printed.
    BenchDatabase db;
    std::string dbError;
    const bool wantDb = !options.db.empty();
    const bool dbOpen = wantDb && db.open(options.db, &dbError);
    if (wantDb && !dbOpen)
        std::fprintf(stderr, "peregrine-bench: --db: %s; measuring anyway, the results will not be stored\n",
                     dbError.c_str());
#else
    if (!options.db.empty()) {
        std::fputs("peregrine-bench: --db is not available in this build (built without the app's storage)\n",
                   stderr);
        return 2;
    }
#endif
    auto result = runBench(options);
    if (!result) {
        std::fprintf(stderr, "peregrine-bench: %s\n", result.message().c_str());
        return 1;
    }
    std::fputs(formatReport(*result, options.format).c_str(), stdout);
    std::fflush(stdout);
#ifdef PEREGRINE_BENCH_DB
    if (wantDb) {
        if (!dbOpen || !db.store(*result, &dbError)) {
            std::fprintf(stderr, "peregrine-bench: the results were not stored: %s\n", dbError.c_str());
            return 3;
        }
        std::fprintf(stderr, "peregrine-bench: stored %zu rows in %s\n", result->rows.size(),
                     options.db.c_str());
    }
#endif
    return 0;
}
