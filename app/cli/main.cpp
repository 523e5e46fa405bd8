// peregrine-cli: headless tools over the engine and the app's config/storage.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/version.h"
#include "kernels/vec_dot.h"
#include "logging/logging.h"

namespace {

struct Command {
    const char* name;
    int (*fn)(const peregrine::cli::Args&);
    const char* help;
};

const Command kCommands[] = {
    {"run", peregrine::cli::cmdRun,
     "run -m MODEL -p TEXT [-n N] [--temp T] [--seed S] [--chat] [--system TEXT]"},
    {"chat", peregrine::cli::cmdChat, "chat -m MODEL [--system TEXT]   interactive multi-turn chat"},
    {"inspect", peregrine::cli::cmdInspect,
     "inspect MODEL [--ctx N]   architecture, tensors, memory, template"},
    {"tokenize", peregrine::cli::cmdTokenize, "tokenize -m MODEL [--no-bos] [--file F.inp] TEXT"},
    {"logits", peregrine::cli::cmdLogits, "logits -m MODEL -p TEXT [--chat] --out FILE.json"},
    {"synth", peregrine::cli::cmdSynth, "synth --shape SHAPE --type TYPE -o FILE   random-weight model"},
    {"voice", peregrine::cli::cmdVoice,
     "voice [-m MODEL] --in Q.wav --out A.wav [--json] [--fast] [--wake] [--db FILE] [--stay S]"},
    {"tools", peregrine::cli::cmdTools,
     "tools list|call NAME JSON|match TEXT [--db FILE] [--yes]   timers, notes, conversions, ..."},
    {"config", peregrine::cli::cmdConfig, "config [--config FILE]   effective configuration and sources"},
    {"models", peregrine::cli::cmdModels,
     "models list|inspect|verify|compare [--dir D] [--ctx N] [--db]   catalog, checks, benchmarks"},
    {"thermal", peregrine::cli::cmdThermal,
     "thermal [--root DIR] [--watch] [--replay TRACE.csv]   zones, throttling, governor level"},
    {"doctor", peregrine::cli::cmdDoctor,
     "doctor [--kiosk] [--dir D] [--root SYSFS] [--no-audio]   what on this board works; each fix"},
};

void usage(FILE* out) {
    std::fprintf(out, "usage: peregrine-cli [--version] [--verbose|-v] COMMAND [ARGS]\n\ncommands:\n");
    for (const auto& c : kCommands) std::fprintf(out, "  %s\n", c.help);
}

}  // namespace

int main(int argc, char** argv) {
    // --verbose is accepted anywhere (before or after the command) and removed before dispatch.
    bool verbose = false;
    std::vector<char*> kept;
    for (int k = 0; k < argc; ++k) {
        if (k > 0 && !std::strcmp(argv[k], "--verbose"))
            verbose = true;
        else
            kept.push_back(argv[k]);
    }
    argc = static_cast<int>(kept.size());
    argv = kept.data();

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; ++i) {
        if (!std::strcmp(argv[i], "--version")) {
            std::printf("peregrine-cli %s\nkernels: %s\n", PEREGRINE_VERSION,
                        peregrine::kernelDescription().c_str());
            return 0;
        } else if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (!std::strcmp(argv[i], "-v")) {
            verbose = true;
        } else {
            std::fprintf(stderr, "peregrine-cli: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    if (verbose) setenv("PEREGRINE_VERBOSE", "1", 1);  // for subcommands that start worker processes
    peregrine::setupLogging(verbose);
    peregrine::cli::Args args(argv + i + 1, argv + argc);
    for (const auto& c : kCommands)
        if (std::string(argv[i]) == c.name) return c.fn(args);
    std::fprintf(stderr, "peregrine-cli: unknown command '%s'\n", argv[i]);
    usage(stderr);
    return 2;
}
