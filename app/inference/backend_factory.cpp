#include "inference/backend_factory.h"

#include "backends/llamacpp/llamacpp_backend.h"
#include "backends/native_backend.h"

namespace peregrine {

std::optional<BackendKind> parseBackendKind(std::string_view name) {
    if (name == "native") return BackendKind::Native;
    if (name == "llamacpp") return BackendKind::LlamaCpp;
    if (name == "openai") return BackendKind::OpenAi;
    return std::nullopt;
}

const char* backendKindName(BackendKind kind) {
    switch (kind) {
        case BackendKind::Native:
            return "native";
        case BackendKind::LlamaCpp:
            return "llamacpp";
        case BackendKind::OpenAi:
            return "openai";
    }
    return "native";
}

Result<std::unique_ptr<Backend>> openBackend(const BackendRequest& request) {
    switch (request.kind) {
        case BackendKind::Native:
            return openNativeBackend(request.modelPath, request.session);
        case BackendKind::LlamaCpp: {
            LlamaCppOptions options;
            options.library = request.llamacppLibrary;
            options.session = request.session;
            return openLlamaCppBackend(request.modelPath, options);
        }
        case BackendKind::OpenAi:
            // The OpenAI-compatible client (app/backends/) plugs in here: openOpenAiBackend(request).
            return Status::error("the openai backend is not built in this version");
    }
    return Status::error("unknown backend");
}

}  // namespace peregrine
