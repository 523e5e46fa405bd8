// The engine's own Session: GGUF mapping + tokenizer + Transformer + sampler chain, one thread pool.
// See runtime/session.h for the contract. Internal to peregrine_runtime (created by Session::load).
#pragma once

#include <memory>
#include <optional>

#include "gguf/gguf_file.h"
#include "model/model_info.h"
#include "model/transformer.h"
#include "runtime/conversation_fit.h"
#include "runtime/session.h"
#include "sampling/vocab_trie.h"
#include "threads/thread_pool.h"
#include "tokenizer/tokenizer.h"

namespace peregrine {

class NativeSession final : public Session {
public:
    static Result<std::unique_ptr<Session>> create(const std::string& modelPath,
                                                   const SessionOptions& options);

    Result<GenerationStats> chat(std::span<const ChatMessage> conversation, const GenerateOptions& options,
                                 const TokenCallback& onToken) override;
    Result<GenerationStats> complete(std::string_view prompt, const GenerateOptions& options,
                                     const TokenCallback& onToken) override;
    Result<std::vector<float>> evaluate(std::span<const int32_t> tokens) override;
    Result<GenerationStats> generate(std::span<const int32_t> promptTokens, const GenerateOptions& options,
                                     const TokenCallback& onToken) override;
    Result<int> prefillChat(std::span<const ChatMessage> conversation, int answerBudget,
                            bool wholeQuestion) override;

    const ModelInfo& info() const override { return m_info; }
    const Tokenizer& tokenizer() const override { return *m_tokenizer; }
    int contextLength() const override { return m_model->contextLength(); }
    void setThreads(int threads) override { m_pool->resize(threads); }
    void reset() override {
        m_model->cache().clear();
        m_logitsAt = -1;
        m_firstKept.reset();
    }
    Status modelFileStatus() const override;

private:
    NativeSession() = default;
    // Makes the cache hold the longest reusable prefix of `prompt` (at most `limit` tokens), shifting out
    // dropped turns when that keeps more (context shift). Returns the reused length; shifted: tokens removed.
    int reuseCache(std::span<const int32_t> prompt, int limit, int* shifted);
    // fitConversation() with this conversation's earlier drops kept and a drop step of a quarter of the
    // context (so that a full context shifts the cache once every several turns, not at every turn).
    Result<FittedPrompt> fitChat(std::span<const ChatMessage> conversation, int answerBudget);

    std::unique_ptr<GgufFile> m_file;  // declared first: weights point into its mapping
    ModelInfo m_info;
    std::unique_ptr<Tokenizer> m_tokenizer;
    std::unique_ptr<ThreadPool> m_pool;
    std::unique_ptr<Transformer> m_model;
    std::vector<float> m_logits;  // last position's logits, nVocab
    // The vocabulary's byte trie for constrained decoding, built at the first request with a JSON schema.
    std::shared_ptr<const VocabTrie> m_vocabTrie;
    bool m_contextShift = true;
    int m_logitsAt = -1;  // m_logits belong to the cache's first m_logitsAt tokens (a whole-question prefill)
    // The oldest message the last fit kept after dropping turns (none: nothing dropped). Found again in the
    // next conversation, the turns before it stay dropped; callers that drop them themselves work too.
    std::optional<ChatMessage> m_firstKept;
};

}  // namespace peregrine
