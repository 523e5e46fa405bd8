// Placeholder until the synth subcommand lands in this session's work.
#include <cstdio>

#include "cli/commands.h"

namespace peregrine::cli {
int cmdSynth(const Args&) {
    std::fprintf(stderr, "peregrine-cli synth: not built yet\n");
    return 1;
}
}  // namespace peregrine::cli
