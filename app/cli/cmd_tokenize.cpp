// Placeholder until the tokenize subcommand lands in this session's work.
#include <cstdio>

#include "cli/commands.h"

namespace peregrine::cli {
int cmdTokenize(const Args&) {
    std::fprintf(stderr, "peregrine-cli tokenize: not built yet\n");
    return 1;
}
}  // namespace peregrine::cli
