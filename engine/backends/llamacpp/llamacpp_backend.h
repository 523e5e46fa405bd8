// LlamaCppBackend: a GGUF model run by the user's llama.cpp (libllama.so through LlamaLibrary), behind the
// Backend interface. Chat renders the model's own template with llama_chat_apply_template; sampling is
// llama.cpp's sampler chain built from GenerateOptions in the engine's order (penalty, top-k, top-p, min-p,
// temperature, seeded draw; greedy when temperature <= 0). The KV cache keeps the previous turn: a prompt
// that starts with what is cached computes only the rest (prefix reuse).
//
// Thread: one thread at a time, like every Backend. Cost: llama.cpp's own; the context is allocated once at
// open for contextLength tokens.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "backends/llamacpp/llama_library.h"

namespace peregrine {

struct LlamaCppOptions {
    std::string library;  // libllama.so path; "" = $PEREGRINE_LLAMACPP_LIB, else the linker's search
    SessionOptions session;
};

// Opens the library (see LlamaLibrary::open) and loads the model. Errors: the library's, or
// "llama.cpp could not load MODEL: <llama.cpp's last error>".
Result<std::unique_ptr<Backend>> openLlamaCppBackend(const std::string& modelPath,
                                                     const LlamaCppOptions& options);

class LlamaCppBackend final : public Backend {
public:
    ~LlamaCppBackend() override;

    std::string_view kind() const override { return "llamacpp"; }
    std::string runtimeDescription() const override { return m_library->description(); }
    BackendCapabilities capabilities() const override;
    const BackendModel& model() const override { return m_model; }

    Result<GenerationStats> chat(std::span<const ChatMessage> conversation, const GenerateOptions& options,
                                 const TokenCallback& onToken) override;
    Result<GenerationStats> complete(std::string_view prompt, const GenerateOptions& options,
                                     const TokenCallback& onToken) override;
    Result<int> prefillChat(std::span<const ChatMessage> conversation, int answerBudget,
                            bool wholeQuestion) override;
    void setThreads(int threads) override;
    void reset() override;
    Result<int> countTokens(std::string_view text) const override;

private:
    friend Result<std::unique_ptr<Backend>> openLlamaCppBackend(const std::string&, const LlamaCppOptions&);
    LlamaCppBackend() = default;

    Result<std::vector<int32_t>> tokenize(std::string_view text, bool addSpecial, bool parseSpecial) const;
    Result<std::string> renderChat(std::span<const ChatMessage> conversation, bool addAssistant) const;
    // The conversation as prompt tokens, oldest turns after the system prompt dropped until the prompt and
    // answerBudget fit the context. dropped: how many messages went.
    Result<std::vector<int32_t>> chatTokens(std::span<const ChatMessage> conversation, int answerBudget,
                                            bool addAssistant, int* dropped) const;
    // Keeps the cached tokens that `prompt` starts with and removes the rest from the cache; returns how many
    // were kept (never all of prompt, so that its last token is computed again and gives logits).
    int reuseCache(const std::vector<int32_t>& prompt);
    Status decode(std::span<const int32_t> tokens);
    Result<GenerationStats> generate(const std::vector<int32_t>& prompt, const GenerateOptions& options,
                                     const TokenCallback& onToken);
    std::string piece(int32_t token) const;

    std::shared_ptr<const llamacpp::LlamaLibrary> m_library;
    const llamacpp::Api* m_api = nullptr;
    llamacpp::Model* m_llamaModel = nullptr;
    llamacpp::Context* m_ctx = nullptr;
    const llamacpp::Vocab* m_vocab = nullptr;
    std::string m_template;  // the model's chat template ("" = llama.cpp's default, chatml)
    int m_nCtx = 0;
    int m_nBatch = 512;
    std::vector<int32_t> m_cached;  // tokens whose keys/values are in sequence 0 of the cache, in order
    BackendModel m_model;
};

}  // namespace peregrine
