#include "runtime/native_session.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "runtime/conversation_fit.h"
#include "runtime/model_check.h"
#include "runtime/thinking_filter.h"
#include "sampling/json_constraint.h"
#include "sampling/sampler.h"

namespace peregrine {

namespace {
using Clock = std::chrono::steady_clock;
// A context shift pays off when it keeps at least this many cached tokens (fewer: recompute them).
constexpr int kMinShiftTokens = 16;
double msSince(Clock::time_point t0, Clock::time_point t1) {
    return std::chrono::duration<double, std::milli>(t1 - t0).count();
}
}  // namespace

Result<std::unique_ptr<Session>> Session::load(const std::string& modelPath, const SessionOptions& options) {
    return NativeSession::create(modelPath, options);
}

Status NativeSession::modelFileStatus() const {
    if (Status s = m_file->checkIntact(); !s) return s;
    return m_file->checkNotReplaced();
}

Result<GenerationStats> Session::generate(std::span<const int32_t>, const GenerateOptions&,
                                          const TokenCallback&) {
    return Status::error("this session cannot generate from token ids");
}

Result<std::unique_ptr<Session>> NativeSession::create(const std::string& modelPath,
                                                       const SessionOptions& options) {
    std::unique_ptr<NativeSession> s(new NativeSession());
    // The weights are read into memory: decode streams all of them per token (see MappedFile).
    auto file = GgufFile::open(modelPath, Residency::InMemory);
    if (!file) return file.status();
    s->m_file = std::move(file).value();
    auto info = readModelInfo(*s->m_file);
    if (!info) return Status::error(modelPath + ": " + info.message());
    s->m_info = std::move(info).value();
    auto tokenizer = Tokenizer::fromGguf(*s->m_file);
    if (!tokenizer) return Status::error(modelPath + ": " + tokenizer.message());
    s->m_tokenizer = std::move(tokenizer).value();
    if (Status v = checkVocabularyAgrees(s->m_info, *s->m_tokenizer); !v)
        return Status::error(modelPath + ": " + v.message());

    int ctx = options.contextLength > 0 ? options.contextLength : s->m_info.contextLength;
    ctx = std::min(ctx, s->m_info.contextLength);
    s->m_pool = std::make_unique<ThreadPool>(options.threads);
    auto model = Transformer::create(*s->m_file, s->m_info, ctx, *s->m_pool);
    if (!model) return Status::error(modelPath + ": " + model.message());
    s->m_model = std::move(model).value();
    s->m_logits.resize(static_cast<size_t>(s->m_info.nVocab));
    s->m_contextShift = options.contextShift;
    if (Status intact = s->m_file->checkIntact(); !intact) return intact;  // changed while loading
    return std::unique_ptr<Session>(std::move(s));
}

Result<std::vector<float>> NativeSession::evaluate(std::span<const int32_t> tokens) {
    if (tokens.empty()) return Status::error("no tokens to evaluate");
    if (static_cast<int>(tokens.size()) > contextLength())
        return Status::error("the input is " + std::to_string(tokens.size()) + " tokens; the context holds " +
                             std::to_string(contextLength()));
    if (Status intact = m_file->checkIntact(); !intact) return intact;
    m_model->cache().clear();
    m_logitsAt = -1;
    std::vector<float> logits(tokens.size() * static_cast<size_t>(m_info.nVocab));
    Status s = m_model->forward(tokens, logits.data(), /*allLogits=*/true);
    if (s) s = m_file->checkIntact();
    if (!s) {
        m_model->cache().clear();
        return s;
    }
    return logits;
}

Result<GenerationStats> NativeSession::complete(std::string_view prompt, const GenerateOptions& options,
                                                const TokenCallback& onToken) {
    const auto tokens = m_tokenizer->encode(prompt, m_tokenizer->addBosDefault(), /*parseSpecial=*/true);
    return generate(tokens, options, onToken);
}

Result<GenerationStats> NativeSession::chat(std::span<const ChatMessage> conversation,
                                            const GenerateOptions& options, const TokenCallback& onToken) {
    auto fit = fitChat(conversation, options.maxTokens);
    if (!fit) return fit.status();
    // Thinking (<think>...</think>) never reaches the answer text; its tokens still reach the callback (with
    // no text) so cancellation and token counts keep working.
    ThinkingFilter thinking;
    const TokenCallback filtered = [&](std::string_view text, int32_t token) {
        return onToken ? onToken(thinking.push(text), token) : true;
    };
    auto stats = generate(fit->tokens, options, filtered);
    if (stats) stats->droppedMessages = fit->droppedMessages;
    if (const std::string rest = thinking.flush(); stats && !rest.empty() && onToken) onToken(rest, -1);
    return stats;
}

Result<FittedPrompt> NativeSession::fitChat(std::span<const ChatMessage> conversation, int answerBudget) {
    const size_t firstTurn = !conversation.empty() && conversation.front().role == "system" ? 1 : 0;
    DropPolicy policy;
    policy.stepTokens = contextLength() / 4;
    if (m_firstKept) {
        for (size_t i = firstTurn; i + 1 < conversation.size(); ++i) {
            if (conversation[i].role == m_firstKept->role &&
                conversation[i].content == m_firstKept->content) {
                policy.keepDropped = static_cast<int>(i - firstTurn);
                break;
            }
        }
    }
    auto fit =
        fitConversation(*m_tokenizer, m_info.chatFamily, conversation, contextLength(), answerBudget, policy);
    if (fit) {
        const size_t kept = firstTurn + static_cast<size_t>(fit->droppedMessages);
        if (fit->droppedMessages > 0 && kept < conversation.size())
            m_firstKept = conversation[kept];
        else
            m_firstKept.reset();
    }
    return fit;
}

int NativeSession::reuseCache(std::span<const int32_t> prompt, int limit, int* shifted) {
    // When the conversation lost its oldest turns (the context filled), the cache drops them too and keeps
    // the rest (context shift), so a long conversation costs only its new tokens per turn.
    KvCache& cache = m_model->cache();
    limit = std::min(limit, static_cast<int>(prompt.size()));
    if (m_contextShift) {
        if (auto shift = cache.findShift(prompt.first(static_cast<size_t>(limit)), kMinShiftTokens)) {
            m_model->dropPositions(shift->dropBegin, shift->dropEnd);
            m_logitsAt = -1;
            if (shifted) *shifted = shift->dropEnd - shift->dropBegin;
        }
    }
    const int reused = std::min(cache.commonPrefix(prompt), limit);
    cache.truncate(reused);
    return reused;
}

Result<int> Session::prefillChat(std::span<const ChatMessage>, int, bool) {
    return 0;
}

Result<int> NativeSession::prefillChat(std::span<const ChatMessage> conversation, int answerBudget,
                                       bool wholeQuestion) {
    if (conversation.empty() || conversation.back().role != "user") return 0;
    auto fit = fitChat(conversation, answerBudget);
    if (!fit) return fit.status();
    if (Status intact = m_file->checkIntact(); !intact) {
        m_model->cache().clear();
        return intact;
    }
    if (wholeQuestion) {
        // The prompt chat() will send if this is the question: computed through its last token, whose logits
        // are kept so that chat() starts sampling at once.
        const int n = static_cast<int>(fit->tokens.size());
        if (n + 1 >= contextLength()) return 0;
        const int reused = reuseCache(fit->tokens, n, nullptr);
        if (reused == n && m_logitsAt == n) return 0;
        const int from = std::min(reused, n - 1);
        m_model->cache().truncate(from);
        m_logitsAt = -1;
        if (Status s =
                m_model->forward(std::span<const int32_t>(fit->tokens).subspan(static_cast<size_t>(from)),
                                 m_logits.data(), false);
            !s) {
            m_model->cache().truncate(from);
            return s;
        }
        m_logitsAt = n;
        return n - from;
    }
    // The messages chat() would send (the oldest turns dropped after the system prompt), rendered up to the
    // end of the words heard so far: a marker after them is cut off with everything the template adds later.
    const size_t first = conversation.front().role == "system" ? 1 : 0;
    std::vector<ChatMessage> messages(conversation.begin(),
                                      conversation.begin() + static_cast<std::ptrdiff_t>(first));
    messages.insert(messages.end(),
                    conversation.begin() + static_cast<std::ptrdiff_t>(first) + fit->droppedMessages,
                    conversation.end());
    static constexpr char kMark[] = "\x1e\x1e";
    std::string heard = messages.back().content;
    while (!heard.empty() && std::isspace(static_cast<unsigned char>(heard.back()))) heard.pop_back();
    messages.back().content = heard + kMark;
    const std::string text = applyChatTemplate(m_info.chatFamily, messages, /*addGenerationPrompt=*/false);
    const size_t mark = text.find(kMark);
    if (mark == std::string::npos) return 0;
    auto tokens =
        m_tokenizer->encode(text.substr(0, mark), m_tokenizer->addBosDefault(), /*parseSpecial=*/true);
    // The last word may still grow ("go" -> "going"): its token is left for the final question.
    if (!heard.empty() && !tokens.empty()) tokens.pop_back();
    const int n = static_cast<int>(tokens.size());
    if (n == 0 || n + 1 >= contextLength()) return 0;
    const int reused = reuseCache(tokens, n, nullptr);
    if (reused == n) return 0;
    m_logitsAt = -1;
    if (Status s = m_model->forward(std::span<const int32_t>(tokens).subspan(static_cast<size_t>(reused)),
                                    nullptr, false);
        !s) {
        m_model->cache().truncate(reused);
        return s;
    }
    return n - reused;
}

Result<GenerationStats> NativeSession::generate(std::span<const int32_t> prompt,
                                                const GenerateOptions& options,
                                                const TokenCallback& onToken) {
    const auto t0 = Clock::now();
    const int n = static_cast<int>(prompt.size());
    if (n == 0) return Status::error("the prompt is empty");
    if (n >= contextLength())
        return Status::error("the prompt is " + std::to_string(n) + " tokens; the context holds " +
                             std::to_string(contextLength()) + " (including the answer)");

    // A schema that cannot be used is the request's error, before any work on the prompt.
    std::unique_ptr<JsonConstraintSampler> constraint;
    if (!options.sampling.jsonSchema.empty()) {
        if (!m_vocabTrie) m_vocabTrie = VocabTrie::build(*m_tokenizer);
        auto c = JsonConstraintSampler::create(options.sampling.jsonSchema,
                                               options.sampling.constraintTrigger, m_vocabTrie);
        if (!c) return c.status();
        constraint = std::move(*c);
    }

    // A model file damaged on disk (truncated, rewritten) ends every answer with that reason, before and
    // during generation: what the mapping holds is no longer the model (gguf/mapped_file.h).
    if (Status intact = m_file->checkIntact(); !intact) {
        m_model->cache().clear();
        return intact;
    }
    // Reuse the cached prefix. The last prompt token is recomputed for its logits, unless a whole-question
    // prefill of exactly this prompt left them (prefillChat).
    GenerationStats stats;
    int reused = reuseCache(prompt, n, &stats.shiftedTokens);
    KvCache& cache = m_model->cache();
    const bool logitsReady = reused == n && m_logitsAt == n && stats.shiftedTokens == 0;
    m_logitsAt = -1;
    if (!logitsReady && reused == n) cache.truncate(--reused);

    stats.promptTokens = n;
    stats.reusedTokens = reused;
    if (!logitsReady) {
        if (Status s = m_model->forward(prompt.subspan(static_cast<size_t>(reused)), m_logits.data(), false);
            !s) {
            cache.truncate(reused);
            return s;
        }
    }
    if (Status intact = m_file->checkIntact(); !intact) {
        cache.clear();
        return intact;
    }
    const auto tPrompt = Clock::now();
    stats.promptMs = msSince(t0, tPrompt);
    stats.promptTokPerSec = stats.promptMs > 0 ? (n - reused) / (stats.promptMs / 1000.0) : 0.0;

    SamplerChain sampler(options.sampling);
    const int history = std::min(n, std::max(options.sampling.repeatLastN, 0));
    for (int i = n - history; i < n; ++i) sampler.accept(prompt[static_cast<size_t>(i)]);
    // Set after the prompt's history: the constraint follows generated text only.
    if (constraint) sampler.setConstraint(std::move(constraint));

    Utf8StreamDecoder decoder;
    Clock::time_point tFirst = tPrompt;
    stats.stopReason = StopReason::Length;
    while (stats.generatedTokens < options.maxTokens) {
        const int32_t token = sampler.sample(m_logits);
        if (token < 0) {  // constrained decoding: no token may follow
            if (sampler.constraint() && sampler.constraint()->finished()) {
                stats.stopReason =
                    StopReason::EndOfText;  // the value is complete and the vocab has no end token
                break;
            }
            return Status::error("constrained decoding: no token of the vocabulary continues the JSON value");
        }
        sampler.accept(token);
        if (m_tokenizer->isEog(token)) {
            stats.stopReason = StopReason::EndOfText;
            break;
        }
        ++stats.generatedTokens;
        const std::string text = decoder.push(m_tokenizer->piece(token));
        if (stats.generatedTokens == 1) {
            tFirst = Clock::now();
            stats.timeToFirstTokenMs = msSince(t0, tFirst);
        }
        if (onToken && !onToken(text, token)) {
            stats.stopReason = StopReason::Cancelled;
            break;
        }
        if (stats.generatedTokens >= options.maxTokens) break;
        if (cache.size() >= contextLength()) {
            stats.stopReason = StopReason::Context;
            break;
        }
        const int32_t one[1] = {token};
        if (Status s = m_model->forward(one, m_logits.data(), false); !s) return s;
        if (Status intact = m_file->checkIntact(); !intact) {  // one fstat per token
            cache.clear();
            return intact;
        }
    }
    if (stats.generatedTokens == 0) stats.timeToFirstTokenMs = msSince(t0, Clock::now());
    const std::string rest = decoder.flush();
    if (!rest.empty() && onToken) onToken(rest, -1);
    const double decodeMs = msSince(tFirst, Clock::now());
    if (stats.generatedTokens > 1 && decodeMs > 0)
        stats.decodeTokPerSec = (stats.generatedTokens - 1) / (decodeMs / 1000.0);
    return stats;
}

}  // namespace peregrine
