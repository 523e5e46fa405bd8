// peregrine-cli run: one prompt (plain continuation, or --chat through the model's chat template), the answer
// streamed to stdout as it is generated, then the request's statistics on stderr. With --json-schema FILE
// the answer is one JSON value of the schema (constrained decoding, native backend) and stdout holds only
// that value and a newline.
#include <cstdio>
#include <optional>
#include <string>

#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "cli/backend_option.h"
#include "cli/sampling_args.h"

namespace peregrine::cli {

namespace {
const char* const kUsage =
    "usage: peregrine-cli run -m MODEL -p TEXT [-n N] [--temp T] [--seed S] [--top-k K] [--top-p P] [--min-p "
    "P]\n"
    "                         [--repeat-penalty R] [--chat] [--system TEXT] [-t THREADS] [-c CTX]\n"
    "                         [--json-schema FILE]  (the answer is one JSON value of that schema)\n"
    "                         [--backend native|llamacpp|openai|genie|rkllm] [--llamacpp-lib PATH]\n"
    "                         [--genie-lib PATH] [--qairt-root DIR] [--qairt VERSION] [--rkllm-lib "
    "PATH]\n"
    "                         [--endpoint URL] [--api-key-file FILE] [--stall-ms MS]  (openai: -m "
    "optional)\n";
}

int cmdRun(const Args& args) {
    ArgParser p(withBackendOptions({"-m", "--model", "-p", "--prompt", "-n", "--n-predict", "--temp",
                                    "--seed", "--top-k", "--top-p", "--min-p", "--repeat-penalty", "--system",
                                    "-t", "--threads", "-c", "--ctx", "--json-schema"}),
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
    std::string argError;
    if (!applySamplingArgs(p, &go, &so, &argError)) {
        std::fprintf(stderr, "peregrine-cli run: %s\n", argError.c_str());
        return 2;
    }

    if (!applyJsonSchemaArg(p, &go, &argError)) {
        std::fprintf(stderr, "peregrine-cli run: %s\n", argError.c_str());
        return 2;
    }
    if (!go.sampling.jsonSchema.empty() && p.value("--backend").value_or("native") != "native") {
        std::fprintf(stderr, "peregrine-cli run: --json-schema needs the native backend\n");
        return 2;
    }

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
    // Constrained output ends with end-of-generation once the value is complete; anything else cut it short.
    const bool cutJson = !go.sampling.jsonSchema.empty() && s.stopReason != StopReason::EndOfText;
    const std::string stop(stopReasonText(s.stopReason));  // the printed word ("eog", "length", ...)
    std::fprintf(stderr,
                 "prompt tokens: %d (reused %d, dropped messages %d)\n"
                 "prompt: %.1f tok/s (%.1f ms)\n"
                 "time to first token: %.1f ms\n"
                 "decode: %.1f tok/s (%d tokens, stop: %s)\n",
                 s.promptTokens, s.reusedTokens, s.droppedMessages, s.promptTokPerSec, s.promptMs,
                 s.timeToFirstTokenMs, s.decodeTokPerSec, s.generatedTokens, stop.c_str());
    if (cutJson) {
        std::fprintf(stderr, "peregrine-cli run: the JSON value is incomplete (stop: %s; raise -n)\n",
                     stop.c_str());
        return 1;
    }
    return 0;
}

}  // namespace peregrine::cli
