// Session and Transformer on tiny random-weight models: batched prefill equals token-by-token decode, KV
// prefix reuse gives the logits of a fresh evaluation, thread count does not change results, cancellation
// stops within one token, and long conversations drop their oldest turns (or fail with a clear message).
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "gguf/gguf_file.h"
#include "model/transformer.h"
#include "runtime/conversation_fit.h"
#include "runtime/session.h"
#include "threads/thread_pool.h"
#include "tiny_model.h"
#include "tokenizer/tokenizer.h"

using namespace peregrine;
using peregrine::testing::TinyModelSpec;
using peregrine::testing::writeTinyModel;

namespace {

void expectClose(const float* a, const float* b, size_t n, float tol) {
    for (size_t i = 0; i < n; ++i) ASSERT_NEAR(a[i], b[i], tol * (1.0f + std::fabs(b[i]))) << "index " << i;
}

std::unique_ptr<Session> loadTiny(const TinyModelSpec& spec, const std::string& name, SessionOptions o = {}) {
    auto s = Session::load(writeTinyModel(spec, name).string(), o);
    EXPECT_TRUE(s.isOk()) << s.message();
    return s ? std::move(s).value() : nullptr;
}

GenerateOptions greedy(int n) {
    GenerateOptions g;
    g.maxTokens = n;
    g.sampling.temperature = 0.0f;
    return g;
}

}  // namespace

TEST(Transformer, BatchedPrefillEqualsDecodeAndPrefixReuse) {
    for (GgmlType type : {GgmlType::F32, GgmlType::Q8_0, GgmlType::F16}) {
        TinyModelSpec spec;
        spec.matrixType = type;
        auto tiny = peregrine::testing::TinyTransformer::open(
            spec, "transformer-" + ggmlTypeName(type) + ".gguf", 128);
        ASSERT_TRUE(tiny);
        Transformer& m = *tiny->model;
        const int nVocab = tiny->info.nVocab;
        const auto tokens = peregrine::testing::randomTokens(70, nVocab, 3);  // more than two prefill batches

        std::vector<float> all(tokens.size() * static_cast<size_t>(nVocab));
        ASSERT_TRUE(m.forward(tokens, all.data(), true));
        EXPECT_EQ(m.cache().size(), 70);

        // Token by token from an empty cache. Prefill runs the block attention kernels (another float
        // summation order for the scores, so an F16-rounded attention weight can differ by one ulp): batched
        // and token-by-token logits agree to 5e-4 relative, not bit for bit (as in llama.cpp); with
        // PEREGRINE_KERNELS=reference both paths sum in the same order and agree to 1e-5.
        constexpr float kTol = 5e-4f;
        m.cache().clear();
        std::vector<float> one(static_cast<size_t>(nVocab));
        for (size_t i = 0; i < tokens.size(); ++i) {
            ASSERT_TRUE(m.forward(std::span(tokens).subspan(i, 1), one.data(), false));
            expectClose(one.data(), all.data() + i * nVocab, one.size(), kTol);
        }

        // Prefix reuse: keep 41 cached tokens, recompute the rest.
        m.cache().truncate(41);
        ASSERT_TRUE(m.forward(std::span(tokens).subspan(41), one.data(), false));
        expectClose(one.data(), all.data() + 69 * nVocab, one.size(), kTol);

        // Errors are data.
        const int32_t bad[] = {nVocab};
        m.cache().clear();
        EXPECT_FALSE(m.forward(bad, one.data(), false).isOk());
    }
}

TEST(Session, LoadsAndReportsInfo) {
    SessionOptions o;
    o.contextLength = 100000;  // clamped to the trained 256
    auto s = loadTiny(TinyModelSpec{}, "session-info.gguf", o);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->contextLength(), 256);
    EXPECT_EQ(s->info().nVocab, s->tokenizer().vocabSize());
    auto missing = Session::load("/nonexistent/model.gguf", {});
    EXPECT_FALSE(missing.isOk());
    EXPECT_FALSE(missing.message().empty());
}

TEST(Session, EvaluateIndependentOfThreads) {
    auto s = loadTiny(TinyModelSpec{}, "session-threads.gguf");
    ASSERT_TRUE(s);
    const auto tokens = peregrine::testing::randomTokens(40, s->info().nVocab, 11);
    s->setThreads(1);
    auto a = s->evaluate(tokens);
    s->setThreads(3);
    auto b = s->evaluate(tokens);
    ASSERT_TRUE(a.isOk() && b.isOk());
    EXPECT_EQ(*a, *b);
}

TEST(Session, PrefixReuseMatchesFreshEvaluation) {
    auto s = loadTiny(TinyModelSpec{}, "session-prefix.gguf");
    ASSERT_TRUE(s);
    const auto prompt = peregrine::testing::randomTokens(20, s->info().nVocab, 5);
    std::vector<int32_t> fresh, reused;
    auto collect = [](std::vector<int32_t>& out) {
        return [&out](std::string_view, int32_t t) {
            if (t >= 0) out.push_back(t);
            return true;
        };
    };
    s->reset();
    auto first = s->generate(prompt, greedy(6), collect(fresh));
    ASSERT_TRUE(first.isOk()) << first.message();
    EXPECT_EQ(first->reusedTokens, 0);
    EXPECT_EQ(first->promptTokens, 20);
    EXPECT_EQ(first->generatedTokens, 6);
    EXPECT_EQ(first->stopReason, StopReason::Length);

    auto second = s->generate(prompt, greedy(6), collect(reused));
    ASSERT_TRUE(second.isOk());
    EXPECT_EQ(second->reusedTokens, 19);  // the last prompt token is recomputed for its logits
    EXPECT_EQ(reused, fresh);

    // Extending the prompt with the generated answer reuses everything that was cached.
    std::vector<int32_t> extended = prompt;
    extended.insert(extended.end(), fresh.begin(), fresh.end());
    std::vector<int32_t> cont;
    auto third = s->generate(extended, greedy(3), collect(cont));
    ASSERT_TRUE(third.isOk());
    EXPECT_EQ(third->reusedTokens, 20 + 5);  // prompt + the answer tokens that were fed back

    // The same request from a cold cache gives the same tokens.
    std::vector<int32_t> cold;
    s->reset();
    auto fourth = s->generate(extended, greedy(3), collect(cold));
    ASSERT_TRUE(fourth.isOk());
    EXPECT_EQ(fourth->reusedTokens, 0);
    EXPECT_EQ(cold, cont);
}

TEST(Session, CancellationStopsWithinOneToken) {
    auto s = loadTiny(TinyModelSpec{}, "session-cancel.gguf");
    ASSERT_TRUE(s);
    for (int cancelAt : {1, 3}) {
        int calls = 0;
        auto stats = s->complete("the truck", greedy(50), [&](std::string_view, int32_t t) {
            if (t < 0) return true;
            return ++calls < cancelAt;
        });
        ASSERT_TRUE(stats.isOk()) << stats.message();
        EXPECT_EQ(calls, cancelAt);
        EXPECT_EQ(stats->generatedTokens, cancelAt);
        EXPECT_EQ(stats->stopReason, StopReason::Cancelled);
    }
}

TEST(Session, StatsAndSeededSampling) {
    auto s = loadTiny(TinyModelSpec{}, "session-stats.gguf");
    ASSERT_TRUE(s);
    GenerateOptions g;
    g.maxTokens = 12;
    g.sampling.temperature = 0.9f;
    g.sampling.seed = 42;
    std::string a, b;
    auto ra = s->complete("the road is long", g, [&](std::string_view t, int32_t) {
        a += t;
        return true;
    });
    s->reset();
    auto rb = s->complete("the road is long", g, [&](std::string_view t, int32_t) {
        b += t;
        return true;
    });
    ASSERT_TRUE(ra.isOk() && rb.isOk());
    EXPECT_EQ(a, b);
    EXPECT_EQ(ra->generatedTokens, 12);
    EXPECT_GT(ra->timeToFirstTokenMs, 0.0);
    EXPECT_GT(ra->promptTokPerSec, 0.0);
    EXPECT_GT(ra->decodeTokPerSec, 0.0);
}

TEST(Session, ChatDropsOldestTurnsKeepingSystem) {
    SessionOptions o;
    o.contextLength = 96;
    auto s = loadTiny(TinyModelSpec{}, "session-history.gguf", o);
    ASSERT_TRUE(s);
    std::vector<ChatMessage> conv = {{"system", "be brief"}};
    for (int i = 0; i < 6; ++i) {
        conv.push_back({"user", "the truck is on the long road " + std::to_string(i)});
        conv.push_back({"assistant", "the road is long " + std::to_string(i)});
    }
    conv.push_back({"user", "the truck"});
    const int budget = 8;
    auto fit = fitConversation(s->tokenizer(), s->info().chatFamily, conv, 96, budget);
    ASSERT_TRUE(fit.isOk()) << fit.message();
    EXPECT_GT(fit->droppedMessages, 0);
    EXPECT_LE(static_cast<int>(fit->tokens.size()) + budget, 96);
    const std::string text = s->tokenizer().decode(fit->tokens, true);
    EXPECT_NE(text.find("be brief"), std::string::npos);             // system prompt kept
    EXPECT_EQ(text.find("long road 0"), std::string::npos);          // oldest turn dropped
    EXPECT_NE(text.find("the truck<|im_end|>"), std::string::npos);  // last message kept

    auto stats = s->chat(conv, greedy(budget), [](std::string_view, int32_t) { return true; });
    ASSERT_TRUE(stats.isOk()) << stats.message();
    EXPECT_EQ(stats->droppedMessages, fit->droppedMessages);
    EXPECT_EQ(stats->promptTokens, static_cast<int>(fit->tokens.size()));

    std::string huge;
    for (int i = 0; i < 60; ++i) huge += "the truck is on the long road ";
    std::vector<ChatMessage> tooLong = {{"system", "be brief"}, {"user", huge}};
    auto err = s->chat(tooLong, greedy(budget), [](std::string_view, int32_t) { return true; });
    ASSERT_FALSE(err.isOk());
    EXPECT_NE(err.message().find("too long"), std::string::npos) << err.message();
}

TEST(Session, Qwen2AndTiedLlama3StyleModelsRun) {
    TinyModelSpec qwen;
    qwen.arch = "qwen2";
    qwen.biases = true;
    TinyModelSpec llama3;
    llama3.tiedOutput = true;
    llama3.ropeFreqs = true;
    for (const auto& [spec, name] : {std::pair{qwen, "qwen2.gguf"}, std::pair{llama3, "llama3ish.gguf"}}) {
        auto s = loadTiny(spec, name);
        ASSERT_TRUE(s);
        auto logits = s->evaluate(peregrine::testing::randomTokens(10, s->info().nVocab, 2));
        ASSERT_TRUE(logits.isOk()) << logits.message();
        for (float v : *logits) ASSERT_TRUE(std::isfinite(v));
        auto stats = s->chat(std::vector<ChatMessage>{{"user", "the truck"}}, greedy(4),
                             [](std::string_view, int32_t) { return true; });
        ASSERT_TRUE(stats.isOk()) << stats.message();
        EXPECT_EQ(stats->generatedTokens, 4);
    }
}
