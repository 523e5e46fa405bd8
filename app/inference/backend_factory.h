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

enum class BackendKind { Native, LlamaCpp, OpenAi, Genie, Rkllm };

// "native", "llamacpp", "openai", "genie", "rkllm"; std::nullopt for anything else.
std::optional<BackendKind> parseBackendKind(std::string_view name);
const char* backendKindName(BackendKind kind);

struct BackendRequest {
    BackendKind kind = BackendKind::Native;
    std::string modelPath;        // GGUF file (native, llamacpp); the model id for openai
    SessionOptions session;       // context length, threads, context shift (native)
    std::string llamacppLibrary;  // runtimes.llamacpp.library / --llamacpp-lib; "" = env, then search
    std::string endpoint;         // openai: base URL ("http://127.0.0.1:8080/v1")
    std::string apiKey;           // openai: "Authorization: Bearer" key (read from a 0600 file); never logged
    int stallTimeoutMs = 0;       // openai: no byte for this long ends the answer (0: the client's default)
    std::string genieLibrary;  // runtimes.genie.library / --genie-lib; "" = $PEREGRINE_GENIE_LIB, then search
    std::string qairtRoot;     // runtimes.qairt.root / $QAIRT_HOME: ADSP_LIBRARY_PATH for the DSP skels
    std::string rkllmLibrary;  // runtimes.rkllm.library / --rkllm-lib; "" = $PEREGRINE_RKLLM_LIB, then search
    std::string rkllmVersion;  // runtimes.rkllm.version: older than 1.3.0 is refused before loading
};

// The kind a model path needs whatever was asked (but openai): a Genie bundle (a folder with
// genie_config.json, or that file) runs only on Genie, a .rkllm file only on RKLLM. Others keep `requested`.
BackendKind backendKindForPath(const std::string& modelPath, BackendKind requested);

// Errors are the runtime's own ("cannot open the llama.cpp library ...", "llama.cpp could not load ...").
// A Genie bundle path opens the genie backend (backendKindForPath).
Result<std::unique_ptr<Backend>> openBackend(const BackendRequest& request);

}  // namespace peregrine
