// Placeholder until the logits subcommand lands in this session's work.
#include <cstdio>

#include "cli/commands.h"

namespace peregrine::cli {
int cmdLogits(const Args&) {
    std::fprintf(stderr, "peregrine-cli logits: not built yet\n");
    return 1;
}
}  // namespace peregrine::cli
