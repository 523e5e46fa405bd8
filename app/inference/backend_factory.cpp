#include "inference/backend_factory.h"

#include "backends/openai_backend.h"
#include "inference/endpoint_check.h"

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

bool isEndpointModelId(std::string_view modelId) {
    return modelId.substr(0, kEndpointModelIdPrefix.size()) == kEndpointModelIdPrefix;
}

BackendKind backendKindFor(std::string_view modelId, BackendKind configured) {
    if (isEndpointModelId(modelId)) return BackendKind::OpenAi;
    return configured == BackendKind::OpenAi ? BackendKind::Native : configured;
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
        case BackendKind::OpenAi: {
            if (request.endpoint.empty())
                return Status::error(
                    "the openai backend needs an endpoint (--endpoint URL, e.g. "
                    "http://127.0.0.1:8080/v1)");
            OpenAiEndpoint endpoint;
            endpoint.url = request.endpoint;
            endpoint.model = request.modelPath;
            endpoint.apiKey = request.apiKey;
            if (request.stallTimeoutMs > 0) endpoint.stallTimeoutMs = request.stallTimeoutMs;
            auto backend = openOpenAiBackend(endpoint);
            if (backend && request.requireReachable) {
                if (Status reach = checkEndpointReachable(request.endpoint, endpoint.probeTimeoutMs); !reach)
                    return reach;
            }
            return backend;
        }
    }
    return Status::error("unknown backend");
}

}  // namespace peregrine
