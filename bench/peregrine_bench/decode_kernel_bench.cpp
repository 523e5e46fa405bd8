// peregrine-decode-kernel-bench: streaming rate of the decode kernels (matVecRows) alone, for A/B runs of the
// multi-row kernels against the one-row ones (PEREGRINE_DECODE=single) without a model or the thread pool.
//
//   peregrine-decode-kernel-bench [q4_k|q6_k] [rows] [threads] [cols]
//
// Builds a rows x cols (default 2048, a multiple of 256) weight matrix of the type (64 distinct random rows
// repeated; 2048 rows fit a large L2/L3, 65536 rows of Q4_K are 75 MB and stream from DRAM), one random Q8_K
// activation, and reports the best of 40 passes as GB/s of weights read. Run old and new alternately in one
// window: the rate depends on load.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "kernels/vec_dot.h"
#include "quant/quant.h"

using namespace peregrine;

int main(int argc, char** argv) {
    const GgmlType type = (argc > 1 && std::strcmp(argv[1], "q6_k") == 0) ? GgmlType::Q6_K : GgmlType::Q4_K;
    const int64_t rows = argc > 2 ? std::max(1L, std::atol(argv[2])) : 2048;
    const int threads = argc > 3 ? std::max(1, std::atoi(argv[3])) : 1;
    const int64_t cols = argc > 4 ? std::max(256L, std::atol(argv[4]) / 256 * 256) : 2048;
    constexpr int kDistinctRows = 64, kPasses = 40;
    const size_t rowBytes = ggmlRowBytes(type, cols);
    std::vector<uint8_t> w(rowBytes * static_cast<size_t>(rows));
    std::mt19937 rng(1);
    std::normal_distribution<float> dist(0.0f, 1.0f);
    std::vector<float> f(cols);
    for (int64_t r = 0; r < std::min<int64_t>(rows, kDistinctRows); ++r) {
        for (auto& v : f) v = dist(rng);
        if (!quantizeRow(type, f.data(), w.data() + r * rowBytes, cols)) return 1;
    }
    for (int64_t r = kDistinctRows; r < rows; ++r)
        std::memcpy(w.data() + r * rowBytes, w.data() + (r % kDistinctRows) * rowBytes, rowBytes);
    for (auto& v : f) v = dist(rng);
    std::vector<uint8_t> act(activationBytes(type, cols));
    quantizeActivations(type, f.data(), act.data(), cols);
    std::vector<float> y(static_cast<size_t>(rows));
    double best = 1e30;
    for (int pass = 0; pass < kPasses; ++pass) {
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<std::thread> pool;
        for (int k = 0; k < threads; ++k)
            pool.emplace_back([&, k] {
                matVecRows(type, w.data(), rowBytes, act.data(), cols, y.data(), rows * k / threads,
                           rows * (k + 1) / threads);
            });
        for (auto& t : pool) t.join();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    const char* mode = std::getenv("PEREGRINE_DECODE");
    std::printf("%s %s decode=%s rows=%lld threads=%d cols=%lld %.1f MB: %.2f GB/s (y[0] %.4f)\n",
                kernelTargetName(), ggmlTypeName(type).c_str(), mode && *mode ? mode : "rows",
                static_cast<long long>(rows), threads, static_cast<long long>(cols),
                static_cast<double>(w.size()) / 1e6, static_cast<double>(w.size()) / best / 1e9, y[0]);
    return 0;
}
