// Placeholder until the chat subcommand lands in this session's work.
#include <cstdio>

#include "cli/commands.h"

namespace peregrine::cli {
int cmdChat(const Args&) {
    std::fprintf(stderr, "peregrine-cli chat: not built yet\n");
    return 1;
}
}  // namespace peregrine::cli
