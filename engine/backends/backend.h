// Backend: one loaded model in some runtime, at the level every runtime can serve (the native engine, a
// llama.cpp the user has, an OpenAI-compatible server). The app, CLI and benches talk to a model only
// through this interface; what a runtime cannot do is a capability it does not claim, never a crash.
//
// Thread: used from one thread at a time (the inference thread). chat() blocks that thread until the
// answer ends; the token callback returning false cancels before the next token (for a server: the stream
// is closed). Errors are Status values with a reason a driver or fitter can act on.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "runtime/session.h"  // GenerateOptions, GenerationStats, TokenCallback, SessionOptions, ChatMessage

namespace peregrine {

class Tokenizer;

// What a backend can do beyond chat(). The app asks before using a lever; an unclaimed one is skipped.
struct BackendCapabilities {
    bool prefixReuse = false;     // keeps the KV cache of the previous turn (prefillChat() is worth calling)
    bool threadLever = false;     // setThreads() changes the compute threads (the governor's lever)
    bool logits = false;          // evaluate() returns logits
    bool textCompletion = false;  // complete(): plain continuation without a chat template
    bool local = true;  // runs in this process on this board (false: a server, text leaves the process)
};

// What is shown about the loaded model. Fields a runtime cannot tell stay empty / 0.
struct BackendModel {
    std::string path;          // file or folder loaded; for a server, the endpoint URL
    std::string name;          // display name (general.name, the server's model id)
    std::string architecture;  // "llama", "qwen2"; "" when unknown
    std::string quantization;  // "Q4_K_M"; "" when unknown
    int contextLength = 0;     // the context this backend was loaded with (0: unknown / server's)
    uint64_t nParams = 0;
    int nVocab = 0;
    // The chat template family the backend renders with (tool calls are written in its form); ChatML when
    // unknown (a server renders its own template: tools reach it as Hermes text).
    ChatFamily chatFamily = ChatFamily::ChatML;
};

class Backend {
public:
    virtual ~Backend() = default;

    // "native", "llamacpp", "openai": the value of inference.backend that selects it.
    virtual std::string_view kind() const = 0;
    // Human-readable runtime and version ("Peregrine engine (AVX3_ZEN4)", "llama.cpp b7100 (libllama.so at
    // /usr/lib)", "llama-server at http://127.0.0.1:8080/v1").
    virtual std::string runtimeDescription() const = 0;
    virtual BackendCapabilities capabilities() const = 0;
    virtual const BackendModel& model() const = 0;

    // Applies the model's chat template to the whole conversation (system prompt first, the last message
    // from the user) and streams the answer. Stats a runtime cannot measure stay 0; stopReason is always set
    // (EndOfText, Length, Cancelled, Context; a server also ContentFilter or Unknown).
    virtual Result<GenerationStats> chat(std::span<const ChatMessage> conversation,
                                         const GenerateOptions& options, const TokenCallback& onToken) = 0;

    // Plain continuation (capabilities().textCompletion). Default: an error naming the backend.
    virtual Result<GenerationStats> complete(std::string_view prompt, const GenerateOptions& options,
                                             const TokenCallback& onToken);
    // Logits for every position from position 0 (capabilities().logits). Default: an error.
    virtual Result<std::vector<float>> evaluate(std::span<const int32_t> tokens);
    // Computes ahead the cache of a conversation (see Session::prefillChat). Default: nothing (0).
    virtual Result<int> prefillChat(std::span<const ChatMessage> conversation, int answerBudget,
                                    bool wholeQuestion = false);
    // The governor's lever (capabilities().threadLever). Default: ignored.
    virtual void setThreads(int threads);
    // Forget the cached conversation. Default: nothing.
    virtual void reset();
    // Ok while the loaded model file is intact (Session::modelFileStatus). Default: ok.
    virtual Status modelFileStatus() const;
    // Tokens `text` becomes as a plain prompt (BOS per the model), for sizing benchmark prompts. Default:
    // an error (a server that cannot say).
    virtual Result<int> countTokens(std::string_view text) const;
    // The tokenizer, for backends that expose one (native); nullptr otherwise.
    virtual const Tokenizer* tokenizer() const;
};

}  // namespace peregrine
