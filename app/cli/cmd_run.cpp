// Placeholder until the run subcommand lands in this session's work.
#include <cstdio>

#include "cli/commands.h"

namespace peregrine::cli {
int cmdRun(const Args&) {
    std::fprintf(stderr, "peregrine-cli run: not built yet\n");
    return 1;
}
}  // namespace peregrine::cli
