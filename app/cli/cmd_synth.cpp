// peregrine-cli synth: writes a random-weight GGUF of a real model shape (engine/synth), quantized with
// llama-quantize's type mix, with a family-shaped tokenizer and chat template so it loads like the real
// model.
#include <cstdio>
#include <string>

#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "synth/synth_model.h"

namespace peregrine::cli {

namespace {

void usage(const char* problem) {
    std::string shapes;
    for (const auto& s : synthShapeNames()) shapes += (shapes.empty() ? "" : ",") + s;
    std::fprintf(
        stderr,
        "peregrine-cli synth: %s\nusage: peregrine-cli synth --shape {%s} --type {f16,q8_0,q4_0,q4_k_m} "
        "-o FILE [--seed N] [--threads N]\n",
        problem, shapes.c_str());
}

}  // namespace

int cmdSynth(const Args& args) {
    ArgParser p({"--shape", "--type", "-o", "--output", "--seed", "--threads"}, {});
    if (!p.parse(args) || !p.positionals().empty()) {
        usage(p.error().empty() ? "unexpected argument" : p.error().c_str());
        return 2;
    }
    const auto shapeName = p.value("--shape");
    const auto typeName = p.value("--type");
    const auto output = p.value("-o", "--output");
    if (!shapeName || !typeName || !output) {
        usage("--shape, --type and -o are required");
        return 2;
    }
    const auto shape = synthShape(*shapeName);
    if (!shape) {
        usage(("unknown shape '" + *shapeName + "'").c_str());
        return 2;
    }
    const auto type = parseSynthType(*typeName);
    if (!type) {
        usage(("unknown type '" + *typeName + "'").c_str());
        return 2;
    }
    SynthOptions options;
    const auto seed = p.intValue("--seed");
    const auto threads = p.intValue("--threads");
    if (!p.error().empty() || (seed && *seed < 0) || (threads && (*threads < 0 || *threads > 1024))) {
        usage(p.error().empty() ? "--seed must be >= 0 and --threads between 0 and 1024" : p.error().c_str());
        return 2;
    }
    options.seed = seed ? static_cast<uint64_t>(*seed) : 0;
    options.threads = threads ? static_cast<int>(*threads) : 0;
    options.progress = [](size_t done, size_t total) {
        std::fprintf(stderr, "\rsynth: %zu/%zu tensors", done, total);
        if (done == total) std::fprintf(stderr, "\n");
    };
    auto report = synthesizeModel(*shape, *type, *output, options);
    if (!report) {
        std::fprintf(stderr, "peregrine-cli synth: %s\n", report.message().c_str());
        return 1;
    }
    std::printf("wrote %s: %s %s, %.3f B parameters, %zu tensors, %.1f MiB, %.1f s\n", output->c_str(),
                shape->name.c_str(), typeName->c_str(), report->parameters / 1e9, report->tensors,
                report->fileBytes / 1048576.0, report->seconds);
    return 0;
}

}  // namespace peregrine::cli
