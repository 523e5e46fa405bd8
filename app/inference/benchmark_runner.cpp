#include "inference/benchmark_runner.h"

#include <sys/resource.h>

#include <algorithm>
#include <string>
#include <vector>

#include "backends/backend.h"

namespace peregrine {

namespace {

constexpr const char* kPromptText =
    "The truck left the depot before dawn and followed the river road north. The driver checked the mirrors, "
    "the fuel gauge and the weather report, then asked the assistant how long the next stretch would take. ";

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The same text for every backend of a model; a backend that cannot count tokens gets ~4 bytes a token.
std::string promptOfAbout(const Backend& backend, int tokens) {
    std::string text;
    for (;;) {
        auto n = backend.countTokens(text);
        if ((n ? *n : static_cast<int>(text.size() / 4)) >= tokens) return text;
        text += kPromptText;
    }
}

double peakRssMb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;  // kB on Linux
}

}  // namespace

BenchmarkResult runBackendBenchmark(Backend& session, const BenchmarkRequest& request, QString* error) {
    BenchmarkResult result;
    const int context = session.model().contextLength > 0 ? session.model().contextLength : 4096;
    const int contextRoom = context - request.generateTokens - 8;
    const int promptTokens = std::max(8, std::min(request.promptTokens, contextRoom));
    const std::string prompt = promptOfAbout(session, promptTokens);

    GenerateOptions options;
    options.maxTokens = request.generateTokens;
    options.sampling.temperature = 0;  // greedy: the same work every run
    const auto ignoreText = [](std::string_view, int32_t) { return true; };

    std::vector<double> prompt_tps, decode_tps, ttft;
    for (int run = 0; run <= std::max(1, request.repetitions); ++run) {
        session.reset();  // measure the whole prompt every time (no prefix reuse)
        GenerateOptions o = options;
        if (run == 0) o.maxTokens = std::min(4, options.maxTokens);  // warm-up: page in the weights
        // A backend that only chats (a server) answers the same text as one user message.
        const ChatMessage asked[] = {{"user", prompt}};
        auto stats = session.capabilities().textCompletion ? session.complete(prompt, o, ignoreText)
                                                           : session.chat(asked, o, ignoreText);
        if (!stats) {
            *error = QString::fromStdString(stats.message());
            return {};
        }
        if (run == 0) continue;
        prompt_tps.push_back(stats->promptTokPerSec);
        decode_tps.push_back(stats->decodeTokPerSec);
        ttft.push_back(stats->timeToFirstTokenMs);
        result.promptTokens = stats->promptTokens;
        result.generatedTokens = std::max(result.generatedTokens, stats->generatedTokens);
    }
    result.promptTokPerSec = median(prompt_tps);
    result.decodeTokPerSec = median(decode_tps);
    result.ttftMs = median(ttft);
    result.peakRssMb = peakRssMb();
    return result;
}

}  // namespace peregrine
