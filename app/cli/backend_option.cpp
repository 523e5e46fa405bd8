#include "cli/backend_option.h"

#include <cstdlib>

#include "backends/api_key_file.h"
#include "models/model_verifier.h"

namespace peregrine::cli {

std::set<std::string> withBackendOptions(std::set<std::string> options) {
    options.insert({"--backend", "--llamacpp-lib", "--endpoint", "--api-key-file", "--stall-ms",
                    "--genie-lib", "--qairt-root", "--qairt", "--rkllm-lib"});
    return options;
}

bool applyBackendOptions(ArgParser& p, BackendRequest& request, std::string* error) {
    if (auto name = p.value("--backend")) {
        const auto kind = parseBackendKind(*name);
        if (!kind) {
            *error = "unknown backend '" + *name + "' (native, llamacpp, openai, genie or rkllm)";
            return false;
        }
        request.kind = *kind;
    }
    if (auto lib = p.value("--llamacpp-lib")) request.llamacppLibrary = *lib;
    if (auto lib = p.value("--genie-lib")) request.genieLibrary = *lib;
    if (const char* home = std::getenv("QAIRT_HOME")) request.qairtRoot = home;
    if (auto root = p.value("--qairt-root")) request.qairtRoot = *root;
    if (auto lib = p.value("--rkllm-lib")) request.rkllmLibrary = *lib;
    if (const char* v = std::getenv("PEREGRINE_RKLLM_VERSION")) request.rkllmVersion = v;
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

bool verifyBundleBeforeLoad(ArgParser& p, const BackendRequest& request, std::string* error) {
    const BackendKind kind = backendKindFor(request);
    if (kind != BackendKind::Genie && kind != BackendKind::Rkllm) return true;
    const auto qairt = p.value("--qairt");
    const QString override = qairt ? QString::fromStdString(*qairt) : QString();
    // A version given (--qairt, PEREGRINE_QAIRT_VERSION) is the board's: no library is opened to detect it.
    const bool probe = override.isEmpty() && qEnvironmentVariableIsEmpty("PEREGRINE_QAIRT_VERSION");
    VerifyOptions options;
    options.checksum = false;  // `models verify` hashes; a run checks what can refuse the bundle quickly
    options.board = detectBoardRuntimes(override, QString::fromStdString(request.rkllmVersion), probe);
    const VerifyReport report = verifyModelPath(QString::fromStdString(request.modelPath), options);
    if (report.ok()) return true;
    *error = "refused before loading: " + report.firstError().toStdString();
    return false;
}

std::unique_ptr<QCoreApplication> qtApplicationFor(const BackendRequest& request) {
    if (request.kind != BackendKind::OpenAi || QCoreApplication::instance()) return nullptr;
    static int argc = 1;
    static char name[] = "peregrine-cli";
    static char* argv[] = {name, nullptr};
    return std::make_unique<QCoreApplication>(argc, argv);
}

}  // namespace peregrine::cli
