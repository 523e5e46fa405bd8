// peregrine-cli inspect: what a GGUF model is and what it needs, from metadata and tensor headers only
// (no weights read): architecture, size, tensor types, hyper-parameters, chat template, memory at a context.
#include <cstdio>
#include <string>

#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "gguf/gguf_file.h"
#include "kernels/vec_dot.h"
#include "model/model_info.h"

namespace peregrine::cli {

namespace {

std::string bytesText(uint64_t b) {
    char buf[32];
    if (b >= (1ull << 30))
        std::snprintf(buf, sizeof buf, "%.2f GiB", b / double(1ull << 30));
    else if (b >= (1ull << 20))
        std::snprintf(buf, sizeof buf, "%.1f MiB", b / double(1ull << 20));
    else
        std::snprintf(buf, sizeof buf, "%.1f KiB", b / 1024.0);
    return buf;
}

std::string countText(uint64_t n) {
    char buf[32];
    if (n >= 1000000000ull)
        std::snprintf(buf, sizeof buf, "%.2f B", n / 1e9);
    else if (n >= 1000000ull)
        std::snprintf(buf, sizeof buf, "%.1f M", n / 1e6);
    else
        std::snprintf(buf, sizeof buf, "%.1f K", n / 1e3);
    return buf;
}

}  // namespace

int cmdInspect(const Args& args) {
    ArgParser p({"--ctx", "-c"}, {});
    if (!p.parse(args) || p.positionals().size() != 1) {
        std::fprintf(stderr, "peregrine-cli inspect: %s\nusage: peregrine-cli inspect MODEL [--ctx N]\n",
                     p.error().empty() ? "one MODEL path is required" : p.error().c_str());
        return 2;
    }
    const auto ctxArg = p.intValue(p.has("-c") ? "-c" : "--ctx");
    if (!p.error().empty() || (ctxArg && (*ctxArg < 1 || *ctxArg > (1 << 24)))) {
        std::fprintf(stderr, "peregrine-cli inspect: %s\n",
                     p.error().empty() ? "--ctx must be between 1 and 16777216" : p.error().c_str());
        return 2;
    }
    const std::string path = p.positionals().front();
    auto file = GgufFile::open(path);
    if (!file) {
        std::fprintf(stderr, "peregrine-cli inspect: %s\n", file.message().c_str());
        return 1;
    }
    auto info = readModelInfo(**file);
    if (!info) {
        std::fprintf(stderr, "peregrine-cli inspect: %s: %s\n", path.c_str(), info.message().c_str());
        return 1;
    }
    const ModelInfo& m = *info;
    const int ctx = ctxArg ? static_cast<int>(*ctxArg) : 4096;
    std::printf("file:           %s (%s)\n", m.path.c_str(), bytesText(m.fileSize).c_str());
    if (!m.name.empty()) std::printf("name:           %s\n", m.name.c_str());
    std::printf("architecture:   %s\n", m.architecture.c_str());
    std::printf("parameters:     %s (%llu)\n", countText(m.nParams).c_str(),
                static_cast<unsigned long long>(m.nParams));
    std::printf("file type:      %s\n", m.fileType.c_str());
    std::printf("tensor types:  ");
    for (const auto& t : m.tensorTypes)
        std::printf(" %s x%d (%s)", t.name.c_str(), t.count, bytesText(t.bytes).c_str());
    std::printf("\n");
    std::printf("context:        %d tokens (trained)\n", m.contextLength);
    std::printf("vocab:          %d tokens\n", m.nVocab);
    std::printf("layers:         %d, embedding %d, feed-forward %d\n", m.nLayer, m.nEmbd, m.nFf);
    std::printf("attention:      %d heads, %d KV heads, head size %d\n", m.nHead, m.nHeadKv, m.headDim);
    std::printf(
        "rope:           %s, base %g, %d dims%s%s\n", m.ropeType == RopeType::Norm ? "norm" : "neox",
        m.ropeFreqBase, m.ropeDim, m.hasRopeFreqs ? ", llama3 frequency factors" : "",
        m.ropeScalingType == "linear" ? (", linear x" + std::to_string(m.ropeScalingFactor)).c_str() : "");
    if (m.hasRopeFactors)
        std::printf("longrope:       long/short factors from %d tokens, attention factor %g\n",
                    m.ropeOrigContext > 0 ? m.ropeOrigContext : m.contextLength, m.ropeAttnFactor);
    if (m.slidingWindow > 0)
        std::printf(
            "sliding window: %d tokens on %s layers (rope base %g there)\n", m.slidingWindow,
            m.swaPeriod > 0
                ? (std::to_string(m.swaPeriod - 1) + " of every " + std::to_string(m.swaPeriod)).c_str()
                : "all",
            m.ropeFreqBaseSwa);
    if (m.finalLogitSoftcap > 0) std::printf("logit softcap:  %g\n", m.finalLogitSoftcap);
    std::printf("rms norm eps:   %g\n", m.rmsEps);
    std::printf("kernels:        %s\n", kernelDescription().c_str());
    std::printf("output:         %s\n", m.tiedOutput ? "tied to the token embedding" : "separate matrix");
    std::printf("chat template:  %s%s\n", chatFamilyName(m.chatFamily),
                m.hasChatTemplate ? "" : " (fallback: the model has no template)");
    const std::string memoryLabel = "memory @" + std::to_string(ctx) + ":";
    std::printf("%-16s%s (weights %s + KV cache %s + buffers %s)\n", memoryLabel.c_str(),
                bytesText(m.estimatedMemoryBytes(ctx)).c_str(), bytesText(m.weightBytes).c_str(),
                bytesText(m.kvCacheBytes(ctx)).c_str(), bytesText(m.computeBufferBytes(ctx)).c_str());
    if (ctx > m.contextLength)
        std::printf("note:           %d is beyond the trained context; a session is clamped to %d\n", ctx,
                    m.contextLength);
    return 0;
}

}  // namespace peregrine::cli
