#include "cli/backend_option.h"

#include "backends/api_key_file.h"

namespace peregrine::cli {

bool applyBackendOptions(ArgParser& p, BackendRequest& request, std::string* error) {
    if (auto name = p.value("--backend")) {
        const auto kind = parseBackendKind(*name);
        if (!kind) {
            *error = "unknown backend '" + *name + "' (native, llamacpp or openai)";
            return false;
        }
        request.kind = *kind;
    }
    if (auto lib = p.value("--llamacpp-lib")) request.llamacppLibrary = *lib;
    if (auto url = p.value("--endpoint")) request.endpoint = *url;
    if (auto stall = p.intValue("--stall-ms")) request.stallTimeoutMs = static_cast<int>(*stall);
    if (auto keyFile = p.value("--api-key-file")) {
        auto key = readApiKeyFile(QString::fromStdString(*keyFile));
        if (!key) {
            *error = key.message();
            return false;
        }
        request.apiKey = *key;
    }
    return true;
}

std::unique_ptr<QCoreApplication> qtApplicationFor(const BackendRequest& request) {
    if (request.kind != BackendKind::OpenAi || QCoreApplication::instance()) return nullptr;
    static int argc = 1;
    static char name[] = "peregrine-cli";
    static char* argv[] = {name, nullptr};
    return std::make_unique<QCoreApplication>(argc, argv);
}

}  // namespace peregrine::cli
