// `peregrine-cli models ...` without the dispatcher: runs cmdModels (app/cli/cmd_models.cpp) directly, so the
// CLI end-to-end test works before app/cli/main.cpp registers the command. argv: models SUBCOMMAND ARGS.
#include <cstring>

#include "cli/commands.h"
#include "logging/logging.h"

namespace peregrine::cli {
int cmdModels(const Args& args);
}

int main(int argc, char** argv) {
    peregrine::setupLogging(false);
    int first = (argc > 1 && !std::strcmp(argv[1], "models")) ? 2 : 1;
    return peregrine::cli::cmdModels(peregrine::cli::Args(argv + first, argv + argc));
}
