// peregrine-decode-kernel-bench: streaming rate of the decode kernels (matVecRows) alone, against a plain
// read of the same kind of memory in the same run, without a model or the engine's thread pool.
//
//   peregrine-decode-kernel-bench [q4_k|q6_k] [rows] [threads] [cols] [repeat]
//
// Builds a rows x cols (default 2048, a multiple of 256) weight matrix of the type on 2 MiB pages, as a
// session's weights are (64 distinct random rows repeated; 65536 rows of Q4_K are 75 MB, 524288 rows 604 MB),
// and one random Q8_K activation. Each pass: `threads` threads each run the kernel over their
// share of the rows `repeat` times (default 1; a large repeat over a few hundred rows measures the kernel's
// arithmetic from cache). Prints the best and mean of 30 passes as GB/s of weights, then, for matrices
// larger than the last-level cache, the rate of a plain read of the matrix itself by the same threads
// (ReadBandwidthProbe) timed after every pass, and the ratio: the most of the read rate that decode can
// reach with these kernels. PEREGRINE_LAYOUT=interleaved runs the interleaved decode layout's kernel.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "gguf/huge_page_region.h"
#include "kernels/vec_dot.h"
#include "memory_bandwidth.h"
#include "quant/quant.h"
#include "quant/row_interleave.h"

using namespace peregrine;

int main(int argc, char** argv) {
    const GgmlType type = (argc > 1 && std::strcmp(argv[1], "q6_k") == 0) ? GgmlType::Q6_K : GgmlType::Q4_K;
    const int64_t rows = argc > 2 ? std::max(1L, std::atol(argv[2])) : 2048;
    const int threads = argc > 3 ? std::max(1, std::atoi(argv[3])) : 1;
    const int64_t cols = argc > 4 ? std::max(256L, std::atol(argv[4]) / 256 * 256) : 2048;
    const int repeat = argc > 5 ? std::max(1, std::atoi(argv[5])) : 1;
    constexpr int kDistinctRows = 64, kPasses = 30;
    constexpr size_t kLargerThanCache = size_t{256} << 20;
    const size_t rowBytes = ggmlRowBytes(type, cols);
    const size_t bytes = rowBytes * static_cast<size_t>(rows);
    auto region = HugePageRegion::create(bytes);
    if (!region) {
        std::fprintf(stderr, "no memory for %zu bytes\n", bytes);
        return 1;
    }
    uint8_t* w = region->data();
    std::mt19937 rng(1);
    std::normal_distribution<float> dist(0.0f, 1.0f);
    std::vector<float> f(cols);
    for (int64_t r = 0; r < std::min<int64_t>(rows, kDistinctRows); ++r) {
        for (auto& v : f) v = dist(rng);
        if (!quantizeRow(type, f.data(), w + r * rowBytes, cols)) return 1;
    }
    for (int64_t r = kDistinctRows; r < rows; ++r)
        std::memcpy(w + r * rowBytes, w + (r % kDistinctRows) * rowBytes, rowBytes);
    for (auto& v : f) v = dist(rng);
    // PEREGRINE_LAYOUT=interleaved: the matrix in the decode layout sessions use on targets that read it
    // (quant/row_interleave.h), multiplied through matVecRowsInterleaved.
    const char* layoutEnv = std::getenv("PEREGRINE_LAYOUT");
    const bool interleaved = layoutEnv && std::strcmp(layoutEnv, "interleaved") == 0;
    if (interleaved) {
        std::vector<uint8_t> scratch(rowBytes * kInterleaveRows);
        interleaveRowGroups(type, w, rowBytes, 0, rows / kInterleaveRows * kInterleaveRows, scratch.data());
    }
    std::vector<uint8_t> act(activationBytes(type, cols));
    quantizeActivations(type, f.data(), act.data(), cols);
    std::vector<float> y(static_cast<size_t>(rows));

    // Each pass starts its threads (tens of microseconds against milliseconds of work). For a matrix larger
    // than the cache, a plain read of the matrix itself by as many threads follows every pass, so both see
    // the same state of the machine (this VM's bandwidth moves by a third within minutes) and the same
    // memory (two buffers of the same size read at speeds up to 10% apart).
    const bool compare = bytes >= kLargerThanCache && repeat == 1;
    std::unique_ptr<bench::ReadBandwidthProbe> probe;
    if (compare) probe = std::make_unique<bench::ReadBandwidthProbe>(w, bytes, threads);
    double best = 1e30, sum = 0, readSum = 0;
    for (int p = 0; p < kPasses; ++p) {
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<std::thread> pool;
        for (int k = 0; k < threads; ++k)
            pool.emplace_back([&, k] {
                const int64_t r0 = rows * k / threads, r1 = rows * (k + 1) / threads;
                for (int i = 0; i < repeat; ++i) {
                    if (interleaved)
                        matVecRowsInterleaved(type, w, rowBytes, act.data(), cols, y.data(), r0, r1);
                    else
                        matVecRows(type, w, rowBytes, act.data(), cols, y.data(), r0, r1);
                }
            });
        for (auto& t : pool) t.join();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best = std::min(best, s);
        sum += s;
        if (probe) readSum += static_cast<double>(probe->bytes()) / probe->measure(1).meanBytesPerSecond;
    }
    const double gb = static_cast<double>(bytes) * repeat / 1e9;
    const double meanRate = gb * kPasses / sum;
    const char* mode = std::getenv("PEREGRINE_DECODE");
    std::printf(
        "%s %s decode=%s%s rows=%lld threads=%d cols=%lld %.1f MB x%d: best %.2f GB/s, mean %.2f GB/s",
        kernelTargetName(), ggmlTypeName(type).c_str(), mode && *mode ? mode : "rows",
        interleaved ? " interleaved" : "", static_cast<long long>(rows), threads,
        static_cast<long long>(cols), static_cast<double>(bytes) / 1e6, repeat, gb / best, meanRate);
    if (probe) {
        const double readRate = static_cast<double>(probe->bytes()) * kPasses / readSum;
        std::printf("; plain read between passes %.2f GB/s, kernel/read %.3f", readRate / 1e9,
                    meanRate * 1e9 / readRate);
    }
    std::printf(" (y[0] %.4f)\n", y[0]);
    return 0;
}
