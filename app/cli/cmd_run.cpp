// peregrine-cli run: one prompt (plain continuation, or --chat through the model's chat template), the answer
// streamed to stdout as it is generated, then the request's statistics on stderr.
#include <cstdio>
#include <optional>
#include <string>

#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "cli/backend_option.h"

namespace peregrine::cli {

namespace {
const char* const kUsage =
    "usage: peregrine-cli run -m MODEL -p TEXT [-n N] [--temp T] [--seed S] [--top-k K] [--top-p P] [--min-p "
    "P]\n"
    "                         [--repeat-penalty R] [--chat] [--system TEXT] [-t THREADS] [-c CTX]\n"
    "                         [--backend native|llamacpp|openai|genie|rkllm] [--llamacpp-lib PATH]\n"
    "                         [--genie-lib PATH] [--qairt-root DIR] [--qairt VERSION] [--rkllm-lib "
    "PATH]\n"
    "                         [--endpoint URL] [--api-key-file FILE] [--stall-ms MS]  (openai: -m "
    "optional)\n";
}

int cmdRun(const Args& args) {
    ArgParser p(withBackendOptions({"-m", "--model", "-p", "--prompt", "-n", "--n-predict", "--temp",
                                    "--seed", "--top-k", "--top-p", "--min-p", "--repeat-penalty", "--system",
                                    "-t", "--threads", "-c", "--ctx"}),
                {"--chat"});
    if (!p.parse(args)) {
        std::fprintf(stderr, "peregrine-cli run: %s\n%s", p.error().c_str(), kUsage);
        return 2;
    }
    const auto model = p.value("-m", "--model");
    const auto prompt = p.value("-p", "--prompt");
    const bool remote = p.value("--backend") == std::optional<std::string>("openai");
    if ((!model && !remote) || !prompt) {
        std::fprintf(stderr, "peregrine-cli run: -m MODEL and -p TEXT are required\n%s", kUsage);
        return 2;
    }
    BackendRequest request;
    request.modelPath = model.value_or("");  // openai: the server's model ("" = its own)
    SessionOptions& so = request.session;
    GenerateOptions go;
    std::string backendError;
    if (!applyBackendOptions(p, request, &backendError)) {
        std::fprintf(stderr, "peregrine-cli run: %s\n", backendError.c_str());
        return 2;
    }
    const auto n = p.intValue(p.has("-n") ? "-n" : "--n-predict");
    const auto threads = p.intValue(p.has("-t") ? "-t" : "--threads");
    const auto ctx = p.intValue(p.has("-c") ? "-c" : "--ctx");
    const auto temp = p.doubleValue("--temp");
    const auto seed = p.intValue("--seed");
    const auto topK = p.intValue("--top-k");
    const auto topP = p.doubleValue("--top-p");
    const auto minP = p.doubleValue("--min-p");
    const auto penalty = p.doubleValue("--repeat-penalty");
    if (!p.error().empty()) {
        std::fprintf(stderr, "peregrine-cli run: %s\n", p.error().c_str());
        return 2;
    }
    if (n) go.maxTokens = static_cast<int>(*n);
    if (threads) so.threads = static_cast<int>(*threads);
    if (ctx) so.contextLength = static_cast<int>(*ctx);
    if (temp) go.sampling.temperature = static_cast<float>(*temp);
    if (seed) go.sampling.seed = static_cast<uint64_t>(*seed);
    if (topK) go.sampling.topK = static_cast<int>(*topK);
    if (topP) go.sampling.topP = static_cast<float>(*topP);
    if (minP) go.sampling.minP = static_cast<float>(*minP);
    if (penalty) go.sampling.repeatPenalty = static_cast<float>(*penalty);

    if (!verifyBundleBeforeLoad(p, request, &backendError)) {
        std::fprintf(stderr, "peregrine-cli run: %s\n", backendError.c_str());
        return 1;
    }
    const auto qtApp = qtApplicationFor(request);
    auto backend = openBackend(request);
    if (!backend) {
        std::fprintf(stderr, "peregrine-cli run: %s\n", backend.message().c_str());
        return 1;
    }
    auto onToken = [](std::string_view text, int32_t) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return true;
    };
    Result<GenerationStats> stats = Status::error("not run");
    if (p.has("--chat")) {
        std::vector<ChatMessage> conversation;
        if (auto system = p.value("--system")) conversation.push_back({"system", *system});
        conversation.push_back({"user", *prompt});
        stats = (*backend)->chat(conversation, go, onToken);
    } else {
        stats = (*backend)->complete(*prompt, go, onToken);
    }
    std::printf("\n");
    std::fflush(stdout);
    if (!stats) {
        std::fprintf(stderr, "peregrine-cli run: %s\n", stats.message().c_str());
        return 1;
    }
    const GenerationStats& s = *stats;
    std::fprintf(stderr,
                 "prompt tokens: %d (reused %d, dropped messages %d)\n"
                 "prompt: %.1f tok/s (%.1f ms)\n"
                 "time to first token: %.1f ms\n"
                 "decode: %.1f tok/s (%d tokens, stop: %s)\n",
                 s.promptTokens, s.reusedTokens, s.droppedMessages, s.promptTokPerSec, s.promptMs,
                 s.timeToFirstTokenMs, s.decodeTokPerSec, s.generatedTokens, s.stopReason.c_str());
    return 0;
}

}  // namespace peregrine::cli
