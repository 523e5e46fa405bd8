// Stores a peregrine-bench run in the app's SQLite database (app/storage, table benchmark_runs): one row per
// test row (pp or tg) with the model's catalog name and path, backend "native" and the kernel target,
// threads, sizes, mean and stddev tok/s over the repetitions, TTFT (pp), decode efficiency (tg), load time,
// peak RSS and the measured read bandwidth. All rows of a run share created_at and are written in one
// transaction. Built only with the app (PEREGRINE_BENCH_DB): the engine-only build keeps peregrine-bench free
// of Qt.
#pragma once

#include <memory>
#include <string>

#include "bench_runner.h"

namespace peregrine {
class Database;
}

namespace peregrine::bench {

class BenchDatabase {
public:
    BenchDatabase();
    ~BenchDatabase();

    // Opens (creating and migrating) the database. False with *error: unwritable place, a newer schema, not
    // a database, disk full.
    bool open(const std::string& path, std::string* error);
    // Writes the result's rows (all or none). False with *error.
    bool store(const BenchResult& result, std::string* error);

private:
    std::unique_ptr<Database> m_db;
};

}  // namespace peregrine::bench
