// Placeholder until the config subcommand lands in this session's work.
#include <cstdio>

#include "cli/commands.h"

namespace peregrine::cli {
int cmdConfig(const Args&) {
    std::fprintf(stderr, "peregrine-cli config: not built yet\n");
    return 1;
}
}  // namespace peregrine::cli
