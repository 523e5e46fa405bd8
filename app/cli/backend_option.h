// --backend native|llamacpp|openai and --llamacpp-lib PATH, shared by `run` and `chat`.
#pragma once

#include <string>

#include "cli/arg_parser.h"
#include "inference/backend_factory.h"

namespace peregrine::cli {

inline constexpr const char* kBackendUsage = "[--backend native|llamacpp|openai] [--llamacpp-lib PATH]";

// Fills kind and llamacppLibrary of `request` from the parsed options (absent: native, library from
// $PEREGRINE_LLAMACPP_LIB or the linker's search). False with *error set on an unknown backend name.
bool applyBackendOptions(const ArgParser& p, BackendRequest& request, std::string* error);

}  // namespace peregrine::cli
