#include "bench_runner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "core/defaults.h"
#include "gguf/gguf_file.h"
#include "kernels/vec_dot.h"
#include "memory_bandwidth.h"
#include "model/model_info.h"
#include "runtime/session.h"
#include "threads/thread_pool.h"

namespace peregrine::bench {

namespace {

// Timed reads of the bandwidth probe after each decode repetition (the mean of them is that run's figure).
constexpr int kProbePasses = 3;

uint64_t procStatusKiB(const char* key) {
    std::ifstream f("/proc/self/status");
    std::string line;
    const std::string k = std::string(key) + ":";
    while (std::getline(f, line))
        if (line.rfind(k, 0) == 0) return std::stoull(line.substr(k.size()));
    return 0;
}

// Resets VmHWM to the current RSS (Linux >= 4.0); harmless where unsupported.
void resetPeakRss() {
    std::ofstream f("/proc/self/clear_refs");
    f << "5";
}

// Weight bytes one decode step reads: every matrix of the layers plus the output projection (token_embd
// when tied), norms included; the embedding lookup reads one row.
double weightBytesPerToken(const GgufFile& file, const ModelInfo& info) {
    double bytes = 0;
    for (const auto& t : file.tensors()) {
        if (t.name == "token_embd.weight") {
            bytes +=
                info.tiedOutput ? static_cast<double>(t.nBytes) : static_cast<double>(t.nBytes) / t.rows();
            continue;
        }
        bytes += static_cast<double>(t.nBytes);
    }
    return bytes;
}

}  // namespace

double mean(const std::vector<double>& v) {
    if (v.empty()) return 0;
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
}

double stddev(const std::vector<double>& v) {
    if (v.size() < 2) return 0;
    const double m = mean(v);
    double s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return std::sqrt(s / static_cast<double>(v.size() - 1));
}

Result<BenchResult> runBench(const BenchOptions& o) {
    BenchResult result;
    result.modelPath = o.model;
    std::vector<int> threads = o.threads;
    for (int& t : threads) t = defaults::resolveThreads(t);

    // 1. Bandwidth per thread count, before the model is mapped.
    std::vector<double> bandwidth;
    for (int t : threads)
        bandwidth.push_back(
            measureReadBandwidth(static_cast<size_t>(o.bandwidthMiB) << 20, t).meanBytesPerSecond);

    // 2. Model facts and bytes per token (headers only).
    auto file = GgufFile::open(o.model);
    if (!file) return file.status();
    auto info = readModelInfo(**file);
    if (!info) return info.status();
    const double weightBytes = weightBytesPerToken(**file, *info);
    result.fileBytes = (*file)->fileSize();
    result.params = info->nParams;
    result.modelName = info->name.empty() ? info->architecture : info->name;
    result.fileType = info->fileType;
    file->reset();

    int maxPrompt = 1, maxGen = 1;
    for (int p : o.promptSizes) maxPrompt = std::max(maxPrompt, p);
    for (int n : o.genSizes) maxGen = std::max(maxGen, n);
    SessionOptions so;
    so.contextLength = maxPrompt + maxGen + 8;
    so.threads = threads.front();

    // 3. Load.
    resetPeakRss();
    const auto t0 = std::chrono::steady_clock::now();
    auto session = Session::load(o.model, so);
    if (!session) return session.status();
    result.loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    result.kvBytes = info->kvCacheBytes((*session)->contextLength());
    result.kernelTarget = kernelTargetName();
    Session& s = **session;

    GenerateOptions greedy;
    greedy.sampling.temperature = 0.0f;
    std::mt19937 rng(42);
    std::uniform_int_distribution<int32_t> tokenDist(0, info->nVocab - 1);
    auto randomTokens = [&](int n) {
        std::vector<int32_t> v(static_cast<size_t>(n));
        for (auto& t : v) t = tokenDist(rng);
        return v;
    };
    const auto noop = [](std::string_view, int32_t) { return true; };

    // 4. Tests.
    uint64_t peakBeforeProbe = 0, probeBytes = 0;
    for (size_t ti = 0; ti < threads.size(); ++ti) {
        s.setThreads(threads[ti]);
        for (int p : o.promptSizes) {
            if (p <= 0) continue;
            TestRow row;
            row.test = "pp" + std::to_string(p);
            row.threads = threads[ti];
            row.nPrompt = p;
            row.bandwidth = bandwidth[ti];
            const auto prompt = randomTokens(p);
            greedy.maxTokens = 1;
            for (int rep = -1; rep < o.repetitions; ++rep) {  // rep -1: warm-up
                s.reset();
                auto st = s.generate(prompt, greedy, noop);
                if (!st) return st.status();
                if (rep < 0) continue;
                row.tokPerSec.push_back(st->promptTokPerSec);
                row.ttftMs.push_back(st->timeToFirstTokenMs);
            }
            result.rows.push_back(std::move(row));
        }
        // Decode is compared with the bandwidth right after each run (see ReadBandwidthProbe). The probe's
        // buffer is not the model's: the peak RSS is taken before it exists, and after the tests without it.
        std::unique_ptr<ReadBandwidthProbe> probe;
        for (int n : o.genSizes) {
            if (n <= 0) continue;
            if (!probe) {
                peakBeforeProbe = std::max(peakBeforeProbe, procStatusKiB("VmHWM") * 1024);
                probe = std::make_unique<ReadBandwidthProbe>(static_cast<size_t>(o.bandwidthMiB) << 20,
                                                             threads[ti]);
                probeBytes = std::max<uint64_t>(probeBytes, probe->bytes());
            }
            TestRow row;
            row.test = "tg" + std::to_string(n);
            row.threads = threads[ti];
            row.nGen = n;
            row.bandwidth = bandwidth[ti];
            const double meanPos = 1.0 + n / 2.0;
            row.bytesPerToken = weightBytes + meanPos * 2.0 * info->nLayer * info->kvDim() * 2.0;
            const std::vector<int32_t> prompt = randomTokens(1);
            greedy.maxTokens = n + 1;  // the first token comes from the prompt pass; n decode steps follow
            int early = 0;
            for (int rep = -1; rep < o.repetitions; ++rep) {
                s.reset();
                auto st = s.generate(prompt, greedy, noop);
                if (!st) return st.status();
                if (rep < 0) continue;
                if (st->stopReason != StopReason::Length) ++early;
                row.tokPerSec.push_back(st->decodeTokPerSec);
                row.bandwidthPerRep.push_back(probe->measure(kProbePasses).meanBytesPerSecond);
            }
            row.bandwidth = mean(row.bandwidthPerRep);
            if (early) row.note = "stopped early in " + std::to_string(early) + " reps";
            result.rows.push_back(std::move(row));
        }
    }
    const uint64_t peakAfter = procStatusKiB("VmHWM") * 1024;
    result.peakRssBytes = std::max(peakBeforeProbe, peakAfter > probeBytes ? peakAfter - probeBytes : 0);
    return result;
}

}  // namespace peregrine::bench
