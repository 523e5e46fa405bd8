#include "inference/backend_factory.h"

#include "backends/openai_backend.h"
#include "inference/endpoint_check.h"

#include "backends/genie/genie_backend.h"
#include "backends/llamacpp/llamacpp_backend.h"
#include "backends/rkllm/rkllm_backend.h"
#include "backends/native_backend.h"

namespace peregrine {

std::optional<BackendKind> parseBackendKind(std::string_view name) {
    if (name == "native") return BackendKind::Native;
    if (name == "llamacpp") return BackendKind::LlamaCpp;
    if (name == "openai") return BackendKind::OpenAi;
    if (name == "genie") return BackendKind::Genie;
    if (name == "rkllm") return BackendKind::Rkllm;
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
        case BackendKind::Genie:
            return "genie";
        case BackendKind::Rkllm:
            return "rkllm";
    }
    return "native";
}

bool isEndpointModelId(std::string_view modelId) {
    return modelId.substr(0, kEndpointModelIdPrefix.size()) == kEndpointModelIdPrefix;
}

BackendKind backendKindFor(std::string_view modelId, BackendKind configured) {
    if (isEndpointModelId(modelId)) return BackendKind::OpenAi;
    const std::string path(modelId);
    if (genie::isGenieBundlePath(path)) return BackendKind::Genie;
    if (path.size() > 6 && path.compare(path.size() - 6, 6, ".rkllm") == 0) return BackendKind::Rkllm;
    return configured == BackendKind::OpenAi ? BackendKind::Native : configured;
}

BackendKind backendKindFor(const BackendRequest& request) {
    // The CLI's --backend openai names the server's model in modelPath: it is not a file to classify.
    return request.kind == BackendKind::OpenAi ? request.kind
                                               : backendKindFor(request.modelPath, request.kind);
}

Result<std::unique_ptr<Backend>> openBackend(const BackendRequest& request) {
    switch (backendKindFor(request)) {
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
        case BackendKind::Genie: {
            GenieOptions options;
            options.library = request.genieLibrary;
            options.qairtRoot = request.qairtRoot;
            return openGenieBackend(request.modelPath, options);
        }
        case BackendKind::Rkllm: {
            RkllmOptions options;
            options.library = request.rkllmLibrary;
            options.runtimeVersion = request.rkllmVersion;
            options.session = request.session;
            return openRkllmBackend(request.modelPath, options);
        }
    }
    return Status::error("unknown backend");
}

}  // namespace peregrine
