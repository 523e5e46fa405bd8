// Placeholder until the inspect subcommand lands in this session's work.
#include <cstdio>

#include "cli/commands.h"

namespace peregrine::cli {
int cmdInspect(const Args&) {
    std::fprintf(stderr, "peregrine-cli inspect: not built yet\n");
    return 1;
}
}  // namespace peregrine::cli
