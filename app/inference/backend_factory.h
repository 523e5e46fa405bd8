// The one place the app, CLI and tools open a model: picks the runtime (inference.backend / --backend) and
// returns it behind the engine's Backend interface. Callable from any thread; the load blocks the caller for
// as long as the runtime takes (seconds for a large model). The openai client needs a QCoreApplication.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "backends/backend.h"

namespace peregrine {

enum class BackendKind { Native, LlamaCpp, OpenAi };

// "native", "llamacpp", "openai"; std::nullopt for anything else.
std::optional<BackendKind> parseBackendKind(std::string_view name);
const char* backendKindName(BackendKind kind);

// A model id is a GGUF file path, or "openai:<base URL>" for the OpenAI-compatible server the app answers
// through (inference.endpoint; the models page lists it as an entry). "openai:" alone: no endpoint set.
inline constexpr std::string_view kEndpointModelIdPrefix = "openai:";
bool isEndpointModelId(std::string_view modelId);
// The runtime that runs a model: the one decision the worker (what it loads), the models page (what it
// shows) and the status bar share. An endpoint id runs on the openai backend; a file runs on the configured
// backend, except that with openai configured a local file runs on the native engine (a server cannot
// run a file on this board).
BackendKind backendKindFor(std::string_view modelId, BackendKind configured);

struct BackendRequest {
    BackendKind kind = BackendKind::Native;
    std::string modelPath;        // GGUF file (native, llamacpp); the model id for openai
    SessionOptions session;       // context length, threads, context shift (native)
    std::string llamacppLibrary;  // runtimes.llamacpp.library / --llamacpp-lib; "" = env, then search
    std::string endpoint;         // openai: base URL ("http://127.0.0.1:8080/v1")
    std::string apiKey;           // openai: "Authorization: Bearer" key (read from a 0600 file); never logged
    int stallTimeoutMs = 0;       // openai: no byte for this long ends the answer (0: the client's default)
    // openai: fail the open when the server cannot be reached (the app's switcher, so the previous model
    // keeps answering); otherwise the first chat() names the failure. Cost: one GET {endpoint}/models, 3 s
    // at most.
    bool requireReachable = false;
};

// Errors are the runtime's own ("cannot open the llama.cpp library ...", "llama.cpp could not load ...").
Result<std::unique_ptr<Backend>> openBackend(const BackendRequest& request);

}  // namespace peregrine
