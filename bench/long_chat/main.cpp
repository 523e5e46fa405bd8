// long_chat: time to first token over a long conversation, the way a driver talks to the assistant for hours.
//
//   long_chat -m MODEL [--turns 200] [--ctx 4096] [-n 24] [-t THREADS] [--no-shift] [--compare] [--csv FILE]
//
// Prints TTFT p50/p95 over the first and the last 50 turns (or a quarter of the turns when fewer) and the
// ratio last/first of the p95, with the turns where the context was full (history dropped) and how many
// cached tokens the context shift removed. --compare runs the same conversation again with the shift off.
// Exit 0 when measured, 1 on a load or generation error, 2 on bad arguments.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "long_chat_run.h"

using namespace peregrine;
using namespace peregrine::bench;

namespace {

int usage(const char* why) {
    std::fprintf(stderr,
                 "long_chat: %s\nusage: long_chat -m MODEL [--turns N] [--ctx N] [-n N] [-t THREADS] "
                 "[--no-shift] [--compare] [--csv FILE]\n",
                 why);
    return 2;
}

void report(const char* label, const std::vector<TurnRecord>& turns) {
    const size_t window = std::min<size_t>(50, std::max<size_t>(1, turns.size() / 4));
    const size_t n = turns.size();
    int full = 0, shifted = 0;
    long reused = 0, prompt = 0;
    for (const auto& t : turns) {
        full += t.droppedMessages > 0;
        shifted += t.shiftedTokens > 0;
        reused += t.reusedTokens;
        prompt += t.promptTokens;
    }
    const double firstP95 = ttftPercentile(turns, 0, window, 0.95);
    const double lastP95 = ttftPercentile(turns, n - window, n, 0.95);
    std::printf("%-10s turns %zu, context full on %d, shifted on %d, prompt tokens reused %.1f%%\n", label, n,
                full, shifted, prompt > 0 ? 100.0 * reused / prompt : 0.0);
    std::printf(
        "%-10s TTFT first %zu turns p50 %.1f ms p95 %.1f ms | last %zu turns p50 %.1f ms p95 %.1f ms | "
        "p95 last/first %.2f\n",
        label, window, ttftPercentile(turns, 0, window, 0.5), firstP95, window,
        ttftPercentile(turns, n - window, n, 0.5), lastP95, firstP95 > 0 ? lastP95 / firstP95 : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
    std::string model, csv;
    SessionOptions session;
    session.contextLength = 4096;
    LongChatOptions options;
    bool compare = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        auto number = [&](int& out) {
            const char* v = next();
            if (!v) return false;
            char* end = nullptr;
            out = static_cast<int>(std::strtol(v, &end, 10));
            return *end == '\0' && out > 0;
        };
        if (a == "-m" || a == "--model") {
            const char* v = next();
            if (!v) return usage("-m needs a file");
            model = v;
        } else if (a == "--turns") {
            if (!number(options.turns)) return usage("--turns needs a positive number");
        } else if (a == "--ctx" || a == "-c") {
            if (!number(session.contextLength)) return usage("--ctx needs a positive number");
        } else if (a == "-n") {
            if (!number(options.maxTokens)) return usage("-n needs a positive number");
        } else if (a == "-t" || a == "--threads") {
            if (!number(session.threads)) return usage("-t needs a positive number");
        } else if (a == "--no-shift") {
            session.contextShift = false;
        } else if (a == "--compare") {
            compare = true;
        } else if (a == "--csv") {
            const char* v = next();
            if (!v) return usage("--csv needs a file");
            csv = v;
        } else {
            return usage(("unknown option " + a).c_str());
        }
    }
    if (model.empty()) return usage("-m MODEL is required");

    auto run = [&](bool shift, const char* label) -> int {
        SessionOptions o = session;
        o.contextShift = shift;
        auto loaded = Session::load(model, o);
        if (!loaded) {
            std::fprintf(stderr, "long_chat: %s\n", loaded.message().c_str());
            return 1;
        }
        auto turns = runLongChat(**loaded, options);
        if (!turns) {
            std::fprintf(stderr, "long_chat: %s\n", turns.message().c_str());
            return 1;
        }
        report(label, *turns);
        if (!csv.empty()) {
            const std::string path = compare ? csv + "." + label : csv;
            if (FILE* f = std::fopen(path.c_str(), "w")) {
                std::fprintf(f, "turn,ttft_ms,prompt_tokens,reused_tokens,shifted_tokens,dropped_messages\n");
                for (size_t i = 0; i < turns->size(); ++i) {
                    const auto& t = (*turns)[i];
                    std::fprintf(f, "%zu,%.2f,%d,%d,%d,%d\n", i + 1, t.ttftMs, t.promptTokens, t.reusedTokens,
                                 t.shiftedTokens, t.droppedMessages);
                }
                std::fclose(f);
            } else {
                std::fprintf(stderr, "long_chat: cannot write %s\n", path.c_str());
            }
        }
        return 0;
    };
    std::printf("long_chat: %s, context %d, %d turns, answers up to %d tokens, greedy\n", model.c_str(),
                session.contextLength, options.turns, options.maxTokens);
    if (int rc = run(session.contextShift, session.contextShift ? "shift" : "no-shift"); rc != 0) return rc;
    if (compare && session.contextShift) return run(false, "no-shift");
    return 0;
}
