#include "cli/backend_option.h"

namespace peregrine::cli {

bool applyBackendOptions(const ArgParser& p, BackendRequest& request, std::string* error) {
    if (auto name = p.value("--backend")) {
        const auto kind = parseBackendKind(*name);
        if (!kind) {
            *error = "unknown backend '" + *name + "' (native, llamacpp or openai)";
            return false;
        }
        request.kind = *kind;
    }
    if (auto lib = p.value("--llamacpp-lib")) request.llamacppLibrary = *lib;
    return true;
}

}  // namespace peregrine::cli
