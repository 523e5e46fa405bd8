// LlamaCppBackend: prompts (chat template, context fit), the KV-cache prefix, and the generation loop.
#include <algorithm>
#include <chrono>

#include "backends/llamacpp/llamacpp_backend.h"

namespace peregrine {

using namespace llamacpp;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence which later bytes may
// still complete. Bytes that can never form a character are passed on as they are (the text stays exactly
// what llama.cpp produced); only an unfinished lead sequence at the end is held back.
size_t completeUtf8Prefix(const std::string& bytes) {
    const size_t n = bytes.size();
    for (size_t back = 1; back <= 3 && back <= n; ++back) {
        const auto c = static_cast<unsigned char>(bytes[n - back]);
        if ((c & 0xC0) == 0x80) continue;
        const size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return need > back ? n - back : n;
    }
    return n;
}

// Owns one llama.cpp sampler chain for one request.
class SamplerChain {
public:
    SamplerChain(const Api& api, int nVocab, const SamplingOptions& s) : m_api(api) {
        m_chain = api.samplerChainInit(api.samplerChainDefaultParams());
        if (s.repeatPenalty != 1.0f && s.repeatLastN != 0)
            add(api.samplerInitPenalties(nVocab, s.repeatLastN, s.repeatPenalty, 0.0f, 0.0f));
        if (s.temperature <= 0.0f) {
            add(api.samplerInitGreedy());
            return;
        }
        if (s.topK > 0) add(api.samplerInitTopK(s.topK));
        if (s.topP < 1.0f) add(api.samplerInitTopP(s.topP, 1));
        if (s.minP > 0.0f) add(api.samplerInitMinP(s.minP, 1));
        add(api.samplerInitTemp(s.temperature));
        // llama.cpp reads 0xFFFFFFFF as "random"; the engine's seeds are always reproducible.
        add(api.samplerInitDist(static_cast<uint32_t>(s.seed == 0xFFFFFFFFull ? 0xFFFFFFFEull : s.seed)));
    }
    ~SamplerChain() { m_api.samplerFree(m_chain); }
    SamplerChain(const SamplerChain&) = delete;
    SamplerChain& operator=(const SamplerChain&) = delete;
    Sampler* get() { return m_chain; }

private:
    void add(Sampler* s) { m_api.samplerChainAdd(m_chain, s); }
    const Api& m_api;
    Sampler* m_chain;
};

}  // namespace

Result<std::string> LlamaCppBackend::renderChat(std::span<const ChatMessage> conversation,
                                                bool addAssistant) const {
    std::vector<LlamaChatMessage> messages;
    size_t total = 0;
    for (const auto& m : conversation) {
        messages.push_back({m.role.c_str(), m.content.c_str()});
        total += m.role.size() + m.content.size();
    }
    const char* tmpl = m_template.empty() ? nullptr : m_template.c_str();
    std::string out(total * 2 + 256, '\0');
    int32_t n = m_api->chatApplyTemplate(tmpl, messages.data(), messages.size(), addAssistant, out.data(),
                                         static_cast<int32_t>(out.size()));
    if (n > static_cast<int32_t>(out.size())) {
        out.resize(static_cast<size_t>(n));
        n = m_api->chatApplyTemplate(tmpl, messages.data(), messages.size(), addAssistant, out.data(),
                                     static_cast<int32_t>(out.size()));
    }
    if (n < 0)
        return Status::error(
            "llama.cpp does not support this model's chat template (llama_chat_apply_template "
            "only knows built-in template families)");
    out.resize(static_cast<size_t>(n));
    return out;
}

Result<std::vector<int32_t>> LlamaCppBackend::chatTokens(std::span<const ChatMessage> conversation,
                                                         int answerBudget, bool addAssistant,
                                                         int* dropped) const {
    std::vector<ChatMessage> kept(conversation.begin(), conversation.end());
    const size_t first = !kept.empty() && kept.front().role == "system" ? 1 : 0;
    const int budget = std::clamp(answerBudget, 1, std::max(1, m_nCtx / 2));
    *dropped = 0;
    for (;;) {
        auto text = renderChat(kept, addAssistant);
        if (!text) return text.status();
        auto tokens = tokenize(*text, true, true);
        if (!tokens) return tokens.status();
        if (static_cast<int>(tokens->size()) + budget <= m_nCtx) return tokens;
        if (kept.size() <= first + 1)
            return Status::error("the question does not fit the context of " + std::to_string(m_nCtx) +
                                 " tokens");
        kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(first));
        ++*dropped;
    }
}

int LlamaCppBackend::reuseCache(const std::vector<int32_t>& prompt) {
    size_t common = 0;
    while (common < m_cached.size() && common < prompt.size() && m_cached[common] == prompt[common]) ++common;
    if (common == prompt.size() && common > 0) --common;  // the last prompt token must be computed again
    if (common < m_cached.size()) {
        if (!m_api->memorySeqRm(m_api->getMemory(m_ctx), 0, static_cast<Pos>(common), -1)) {
            m_api->memoryClear(m_api->getMemory(m_ctx), true);  // this cache cannot drop a tail: start over
            common = 0;
        }
        m_cached.resize(common);
    }
    return static_cast<int>(common);
}

Status LlamaCppBackend::decode(std::span<const int32_t> tokens) {
    std::vector<Token> chunk;
    for (size_t at = 0; at < tokens.size(); at += static_cast<size_t>(m_nBatch)) {
        const size_t n = std::min(tokens.size() - at, static_cast<size_t>(m_nBatch));
        chunk.assign(tokens.begin() + static_cast<std::ptrdiff_t>(at),
                     tokens.begin() + static_cast<std::ptrdiff_t>(at + n));
        const int32_t rc = m_api->decode(m_ctx, m_api->batchGetOne(chunk.data(), static_cast<int32_t>(n)));
        if (rc != 0) {
            reset();  // a failed decode may leave part of the batch in the cache
            return Status::error("llama.cpp failed to compute the prompt (llama_decode returned " +
                                 std::to_string(rc) + ")");
        }
        m_cached.insert(m_cached.end(), chunk.begin(), chunk.end());
    }
    return Status::ok();
}

Result<GenerationStats> LlamaCppBackend::generate(const std::vector<int32_t>& prompt,
                                                  const GenerateOptions& options,
                                                  const TokenCallback& onToken) {
    const auto t0 = Clock::now();
    GenerationStats stats;
    stats.promptTokens = static_cast<int>(prompt.size());
    if (prompt.empty()) return Status::error("the prompt is empty");
    if (static_cast<int>(prompt.size()) >= m_nCtx)
        return Status::error("the prompt (" + std::to_string(prompt.size()) +
                             " tokens) does not fit the context of " + std::to_string(m_nCtx) + " tokens");
    stats.reusedTokens = reuseCache(prompt);
    const std::span<const int32_t> fresh(prompt.data() + stats.reusedTokens,
                                         prompt.size() - stats.reusedTokens);
    if (Status s = decode(fresh); !s) return s;
    stats.promptMs = msSince(t0);
    if (stats.promptMs > 0)
        stats.promptTokPerSec = static_cast<double>(fresh.size()) * 1000.0 / stats.promptMs;

    SamplerChain sampler(*m_api, m_model.nVocab, options.sampling);
    std::string pending;  // bytes of an unfinished UTF-8 character
    Clock::time_point firstAt{};
    stats.stopReason = StopReason::Length;
    while (stats.generatedTokens < options.maxTokens) {
        const Token token = m_api->samplerSample(sampler.get(), m_ctx, -1);
        if (m_api->vocabIsEog(m_vocab, token)) {
            stats.stopReason = StopReason::EndOfText;
            break;
        }
        if (stats.generatedTokens++ == 0) {
            firstAt = Clock::now();
            stats.timeToFirstTokenMs = msSince(t0);
        }
        pending += piece(token);
        const size_t ready = completeUtf8Prefix(pending);
        const bool go = onToken(std::string_view(pending.data(), ready), token);
        pending.erase(0, ready);
        if (!go) {
            stats.stopReason = StopReason::Cancelled;
            break;
        }
        if (stats.generatedTokens >= options.maxTokens) break;
        if (static_cast<int>(m_cached.size()) + 1 > m_nCtx) {
            stats.stopReason = StopReason::Context;
            break;
        }
        Token next = token;
        if (Status s = decode(std::span<const int32_t>(&next, 1)); !s) return s;
    }
    if (!pending.empty()) onToken(pending, -1);
    if (stats.generatedTokens > 1) {
        const double decodeMs = std::chrono::duration<double, std::milli>(Clock::now() - firstAt).count();
        if (decodeMs > 0) stats.decodeTokPerSec = (stats.generatedTokens - 1) * 1000.0 / decodeMs;
    }
    return stats;
}

Result<GenerationStats> LlamaCppBackend::chat(std::span<const ChatMessage> conversation,
                                              const GenerateOptions& options, const TokenCallback& onToken) {
    int dropped = 0;
    auto tokens = chatTokens(conversation, options.maxTokens, true, &dropped);
    if (!tokens) return tokens.status();
    auto stats = generate(*tokens, options, onToken);
    if (stats) stats->droppedMessages = dropped;
    return stats;
}

Result<GenerationStats> LlamaCppBackend::complete(std::string_view prompt, const GenerateOptions& options,
                                                  const TokenCallback& onToken) {
    auto tokens = tokenize(prompt, true, false);
    if (!tokens) return tokens.status();
    return generate(*tokens, options, onToken);
}

Result<int> LlamaCppBackend::prefillChat(std::span<const ChatMessage> conversation, int answerBudget,
                                         bool wholeQuestion) {
    int dropped = 0;
    auto tokens = chatTokens(conversation, answerBudget, wholeQuestion, &dropped);
    if (!tokens) return tokens.status();
    const int kept = reuseCache(*tokens);
    const std::span<const int32_t> fresh(tokens->data() + kept, tokens->size() - static_cast<size_t>(kept));
    if (Status s = decode(fresh); !s) return s;
    return static_cast<int>(fresh.size());
}

}  // namespace peregrine
