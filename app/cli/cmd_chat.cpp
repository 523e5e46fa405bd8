// peregrine-cli chat: interactive multi-turn chat. Reads one user message per stdin line (works with a pipe),
// streams each answer to stdout, keeps the conversation (the KV cache prefix is reused between turns).
// Commands: /reset forgets the conversation, /quit (or end of input) exits. When the context (--ctx) is full
// the oldest turns are dropped and the cache keeps the rest (context shift; --no-context-shift recomputes
// it).
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "cli/backend_option.h"
#include "cli/sampling_args.h"

namespace peregrine::cli {

int cmdChat(const Args& args) {
    ArgParser p(withBackendOptions({"-m", "--model", "--system", "-n", "--n-predict", "--temp", "--seed",
                                    "-t", "--threads", "-c", "--ctx"}),
                {"--no-context-shift"});
    const bool parsed = p.parse(args);
    if (!parsed ||
        (!p.value("-m", "--model") && p.value("--backend") != std::optional<std::string>("openai"))) {
        std::fprintf(stderr,
                     "peregrine-cli chat: %s\nusage: peregrine-cli chat -m MODEL [--system TEXT] [-n N] "
                     "[--temp T] [--seed S] [-t THREADS] [-c CTX] [--no-context-shift]\n"
                     "                         %s\n",
                     p.error().empty() ? "-m MODEL is required" : p.error().c_str(), kBackendUsage);
        return 2;
    }
    BackendRequest request;
    request.modelPath = p.value("-m", "--model").value_or("");  // openai: the server's model ("" = its own)
    SessionOptions& so = request.session;
    GenerateOptions go;
    std::string backendError;
    if (!applyBackendOptions(p, request, &backendError)) {
        std::fprintf(stderr, "peregrine-cli chat: %s\n", backendError.c_str());
        return 2;
    }
    std::string argError;
    if (!applySamplingArgs(p, &go, &so, &argError)) {
        std::fprintf(stderr, "peregrine-cli chat: %s\n", argError.c_str());
        return 2;
    }
    so.contextShift = !p.has("--no-context-shift");

    if (!verifyBundleBeforeLoad(p, request, &backendError)) {
        std::fprintf(stderr, "peregrine-cli chat: %s\n", backendError.c_str());
        return 1;
    }
    const auto qtApp = qtApplicationFor(request);
    auto loaded = openBackend(request);
    if (!loaded) {
        std::fprintf(stderr, "peregrine-cli chat: %s\n", loaded.message().c_str());
        return 1;
    }
    Backend& session = **loaded;
    const bool interactive = isatty(STDIN_FILENO);
    std::vector<ChatMessage> conversation;
    auto startConversation = [&] {
        conversation.clear();
        if (auto system = p.value("--system")) conversation.push_back({"system", *system});
    };
    startConversation();
    if (interactive)
        std::fprintf(stderr, "chat with %s; /reset to start over, /quit to leave\n",
                     session.model().name.empty() ? "the model" : session.model().name.c_str());

    std::string line;
    for (;;) {
        if (interactive) std::fprintf(stderr, "> ");
        if (!std::getline(std::cin, line)) break;
        if (line == "/quit" || line == "/exit") break;
        if (line == "/reset") {
            startConversation();
            session.reset();
            std::fprintf(stderr, "(conversation cleared)\n");
            continue;
        }
        if (line.empty()) continue;
        // The model file changed on disk since it was loaded (rewritten, truncated, replaced, removed): the
        // session no longer answers for the file the user named, so stop with the reason.
        if (Status file = session.modelFileStatus(); !file) {
            std::fprintf(stderr, "peregrine-cli chat: %s\n", file.message().c_str());
            return 1;
        }
        conversation.push_back({"user", line});
        std::string answer;
        auto stats = session.chat(conversation, go, [&](std::string_view text, int32_t) {
            answer += text;
            std::fwrite(text.data(), 1, text.size(), stdout);
            std::fflush(stdout);
            return true;
        });
        std::printf("\n");
        std::fflush(stdout);
        if (!stats) {
            std::fprintf(stderr, "peregrine-cli chat: %s\n", stats.message().c_str());
            if (!session.modelFileStatus()) return 1;  // the answer ended because the file changed
            conversation.pop_back();
            continue;
        }
        conversation.push_back({"assistant", answer});
        // Keep our copy in step with what the model saw.
        if (stats->droppedMessages > 0) {
            const size_t first = !conversation.empty() && conversation.front().role == "system" ? 1 : 0;
            const size_t drop =
                std::min<size_t>(static_cast<size_t>(stats->droppedMessages), conversation.size() - first);
            conversation.erase(conversation.begin() + static_cast<std::ptrdiff_t>(first),
                               conversation.begin() + static_cast<std::ptrdiff_t>(first + drop));
        }
        std::fprintf(stderr, "[%d prompt tokens (%d reused), TTFT %.1f ms, %.1f tok/s, %s",
                     stats->promptTokens, stats->reusedTokens, stats->timeToFirstTokenMs,
                     stats->decodeTokPerSec, std::string(stopReasonText(stats->stopReason)).c_str());
        if (stats->droppedMessages > 0)
            std::fprintf(stderr, "; context full: %d oldest messages dropped, %d cached tokens shifted out",
                         stats->droppedMessages, stats->shiftedTokens);
        std::fprintf(stderr, "]\n");
    }
    return 0;
}

}  // namespace peregrine::cli
