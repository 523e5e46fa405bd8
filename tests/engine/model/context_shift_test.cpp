// Context shift: KvCache::findShift picks the drop that keeps the most cached tokens;
// Transformer::dropPositions re-rotates the moved keys so that a one-layer model (whose keys and values
// depend only on token and position) gives the logits of a fresh evaluation of the shortened sequence; a long
// chat through Session keeps reusing its cache once the context is full instead of recomputing the whole
// history.
#include <gtest/gtest.h>

#include <cmath>

#include "gguf/gguf_file.h"
#include "model/kv_cache.h"
#include "model/transformer.h"
#include "runtime/session.h"
#include "threads/thread_pool.h"
#include "tiny_model.h"

using namespace peregrine;
using peregrine::testing::TinyModelSpec;
using peregrine::testing::writeTinyModel;

namespace {

KvCache cacheWith(const std::vector<int32_t>& tokens) {
    KvCache c(1, 64, 4);
    c.append(tokens);
    return c;
}

}  // namespace

TEST(KvCacheShift, FindsTheDropThatKeepsTheRest) {
    // system 1 2 | turn A 10..29 | turn B 40..59  ->  system 1 2 | turn B 40..59 | new 70 71
    std::vector<int32_t> cached = {1, 2};
    for (int i = 10; i < 30; ++i) cached.push_back(i);
    for (int i = 40; i < 60; ++i) cached.push_back(i);
    std::vector<int32_t> prompt = {1, 2};
    for (int i = 40; i < 60; ++i) prompt.push_back(i);
    prompt.push_back(70);
    prompt.push_back(71);
    const auto shift = cacheWith(cached).findShift(prompt, 16);
    ASSERT_TRUE(shift.has_value());
    EXPECT_EQ(shift->dropBegin, 2);
    EXPECT_EQ(shift->dropEnd, 22);
    EXPECT_EQ(shift->matched, 22);

    EXPECT_FALSE(cacheWith(cached).findShift(prompt, 21).has_value());  // keeps only 20
    EXPECT_FALSE(cacheWith(cached).findShift(cached, 16).has_value());  // nothing to drop: all reused
    std::vector<int32_t> unrelated = {1, 2, 99, 98, 97};
    EXPECT_FALSE(cacheWith(cached).findShift(unrelated, 16).has_value());

    KvCache c = cacheWith(cached);
    c.erase(shift->dropBegin, shift->dropEnd);
    EXPECT_EQ(c.size(), 22);
    EXPECT_EQ(c.commonPrefix(prompt), 22);
}

TEST(TransformerShift, MovedKeysReadAsTheirNewPositions) {
    struct Case {
        const char* arch;
        bool ropeFreqs;
    };
    for (const Case& k : {Case{"llama", false}, Case{"llama", true}, Case{"qwen2", false}}) {
        SCOPED_TRACE(k.arch + std::string(k.ropeFreqs ? " rope_freqs" : ""));
        TinyModelSpec spec;
        spec.arch = k.arch;
        spec.biases = std::string(k.arch) == "qwen2";
        spec.ropeFreqs = k.ropeFreqs;
        spec.layers = 1;  // keys and values depend on the token and its position only
        auto tiny = peregrine::testing::TinyTransformer::open(
            spec, std::string("shift-") + k.arch + (k.ropeFreqs ? "-f" : "") + ".gguf", 128);
        ASSERT_TRUE(tiny);
        Transformer& m = *tiny->model;
        const int nVocab = tiny->info.nVocab;
        const auto tokens = peregrine::testing::randomTokens(61, nVocab, 7);

        // Logits after dropping [10, 35) from the cache: re-rotated (dropPositions) or only moved (erase).
        auto afterDrop = [&](bool rotate) {
            std::vector<float> out(static_cast<size_t>(nVocab));
            m.cache().clear();
            EXPECT_TRUE(m.forward(std::span(tokens).first(60), out.data(), false));
            if (rotate)
                m.dropPositions(10, 35);
            else
                m.cache().erase(10, 35);
            EXPECT_EQ(m.cache().size(), 35);
            EXPECT_TRUE(m.forward(std::span(tokens).subspan(60, 1), out.data(), false));
            return out;
        };
        const auto shifted = afterDrop(true);
        const auto unrotated = afterDrop(false);

        std::vector<int32_t> shortened(tokens.begin(), tokens.begin() + 10);
        shortened.insert(shortened.end(), tokens.begin() + 35, tokens.end());
        std::vector<float> fresh(static_cast<size_t>(nVocab));
        m.cache().clear();
        ASSERT_TRUE(m.forward(std::span(shortened).first(35), fresh.data(), false));
        ASSERT_TRUE(m.forward(std::span(shortened).subspan(35), fresh.data(), false));
        EXPECT_EQ(m.cache().tokens(), shortened);

        auto maxDiff = [&](const std::vector<float>& x) {
            float d = 0;
            for (size_t i = 0; i < fresh.size(); ++i) d = std::max(d, std::fabs(x[i] - fresh[i]));
            return d;
        };
        float scale = 0;
        for (float v : fresh) scale = std::max(scale, std::fabs(v));
        // The re-rotated keys are rounded to F16 once more than fresh ones: within 2e-3 of the logits' range.
        // Keys moved without the rotation are far off (the check can tell the two apart).
        EXPECT_LT(maxDiff(shifted), 2e-3f * scale);
        EXPECT_GT(maxDiff(unrotated), 0.1f * scale);
    }
}

namespace {
Result<std::unique_ptr<Session>> loadWithContext(int context, const char* file) {
    SessionOptions o;
    o.contextLength = context;
    TinyModelSpec spec;
    spec.context = context;
    return Session::load(writeTinyModel(spec, file).string(), o);
}

// One question and its answer appended to conv; the stats of that turn.
Result<GenerationStats> askTurn(Session& s, std::vector<ChatMessage>& conv, int turn,
                                const GenerateOptions& g) {
    conv.push_back({"user", "the truck is on road " + std::to_string(turn)});
    std::string answer;
    auto stats = s.chat(conv, g, [&](std::string_view t, int32_t) {
        answer += t;
        return true;
    });
    conv.push_back({"assistant", answer});
    return stats;
}

GenerateOptions sixGreedy() {
    GenerateOptions g;
    g.maxTokens = 6;
    g.sampling.temperature = 0.0f;
    return g;
}
}  // namespace

TEST(SessionShift, LongChatKeepsReusingTheCache) {
    auto loaded = loadWithContext(640, "shift-chat.gguf");  // about 11 turns; a drop step frees about 3
    ASSERT_TRUE(loaded.isOk()) << loaded.message();
    Session& s = **loaded;
    const GenerateOptions g = sixGreedy();
    std::vector<ChatMessage> conv = {{"system", "be brief"}};
    int shifts = 0;
    for (int turn = 0; turn < 40; ++turn) {
        auto stats = askTurn(s, conv, turn, g);
        ASSERT_TRUE(stats.isOk()) << stats.message();
        if (stats->droppedMessages > 0) {
            conv.erase(conv.begin() + 1, conv.begin() + 1 + stats->droppedMessages);
            // Only the new question (and the template around it) is computed; the kept history is reused.
            EXPECT_GT(stats->shiftedTokens, 0) << "turn " << turn;
            EXPECT_GT(stats->reusedTokens, stats->promptTokens / 2) << "turn " << turn;
            ++shifts;
        }
    }
    EXPECT_GT(shifts, 5);
}

// The app sends the whole stored history every turn. Once the context is full the session drops a step of
// old turns at once and keeps them dropped, so the cache is shifted only every few turns and every turn
// reuses the kept history.
TEST(SessionShift, WholeHistoryShiftsInSteps) {
    const int context = 1024;  // a turn is about 57 tokens: a drop step (a quarter) frees about 4 turns
    auto loaded = loadWithContext(context, "shift-steps.gguf");
    ASSERT_TRUE(loaded.isOk()) << loaded.message();
    Session& s = **loaded;
    const GenerateOptions g = sixGreedy();
    std::vector<ChatMessage> conv = {{"system", "be brief"}};
    int full = 0, shifts = 0, lastDropped = 0;
    for (int turn = 0; turn < 60; ++turn) {
        auto stats = askTurn(s, conv, turn, g);
        ASSERT_TRUE(stats.isOk()) << stats.message();
        EXPECT_GE(stats->droppedMessages, lastDropped) << "turn " << turn;  // dropped turns stay dropped
        lastDropped = stats->droppedMessages;
        if (stats->droppedMessages == 0) continue;
        ++full;
        shifts += stats->shiftedTokens > 0;
        EXPECT_GT(stats->reusedTokens, stats->promptTokens / 2) << "turn " << turn;
        EXPECT_LE(stats->promptTokens + g.maxTokens, context);
    }
    EXPECT_GT(full, 20);
    EXPECT_GE(shifts, 2);
    EXPECT_LT(shifts * 3, full) << shifts << " shifts over " << full << " full turns";
}

TEST(SessionPrefill, WordsHeardSoFarAreComputedBeforeTheQuestionEnds) {
    auto loaded = Session::load(writeTinyModel(TinyModelSpec{}, "prefill-chat.gguf").string(), {});
    ASSERT_TRUE(loaded.isOk()) << loaded.message();
    Session& s = **loaded;
    GenerateOptions g;
    g.maxTokens = 4;
    g.sampling.temperature = 0.0f;
    const auto ignore = [](std::string_view, int32_t) { return true; };
    std::vector<ChatMessage> conv = {{"system", "be brief"}, {"user", ""}};

    // At load: the system prompt and the user header.
    auto warm = s.prefillChat(conv, g.maxTokens);
    ASSERT_TRUE(warm.isOk()) << warm.message();
    EXPECT_GT(*warm, 0);
    auto again = s.prefillChat(conv, g.maxTokens);
    ASSERT_TRUE(again.isOk());
    EXPECT_EQ(*again, 0);  // nothing new

    // While the driver speaks: each partial computes only its new words.
    conv.back().content = "the truck is";
    auto partial = s.prefillChat(conv, g.maxTokens);
    ASSERT_TRUE(partial.isOk());
    EXPECT_GT(*partial, 0);
    conv.back().content = "the truck is on the long road";
    auto longer = s.prefillChat(conv, g.maxTokens);
    ASSERT_TRUE(longer.isOk());
    EXPECT_GT(*longer, 0);
    const int cachedBefore = *warm + *partial + *longer;

    // End of speech: only the tail (the last word and the template's end) is computed.
    auto answer = s.chat(conv, g, ignore);
    ASSERT_TRUE(answer.isOk()) << answer.message();
    EXPECT_EQ(answer->reusedTokens, cachedBefore);  // everything computed ahead is used
    EXPECT_LT(answer->promptTokens - answer->reusedTokens, answer->promptTokens / 3);

    // The driver paused after a complete question: the whole prompt is computed, logits included, and the
    // answer starts sampling at once. Other final words than the ones prefilled fall back to the prefix.
    conv.push_back({"assistant", "ok"});
    conv.push_back({"user", "is the road long"});
    auto whole = s.prefillChat(conv, g.maxTokens, /*wholeQuestion=*/true);
    ASSERT_TRUE(whole.isOk()) << whole.message();
    EXPECT_GT(*whole, 0);
    auto instant = s.chat(conv, g, ignore);
    ASSERT_TRUE(instant.isOk()) << instant.message();
    EXPECT_EQ(instant->reusedTokens, instant->promptTokens);
    EXPECT_GT(instant->generatedTokens, 0);
    conv.back().content = "is the road long";  // the same question again after another prefill of it
    conv.push_back({"assistant", "yes"});
    conv.push_back({"user", "and the truck"});
    ASSERT_TRUE(s.prefillChat(conv, g.maxTokens, true).isOk());
    conv.back().content = "and the trucks";
    auto changed = s.chat(conv, g, ignore);
    ASSERT_TRUE(changed.isOk()) << changed.message();
    EXPECT_LT(changed->reusedTokens, changed->promptTokens);

    // A misheard partial ("road" became "load"): the cache rolls back to the common prefix.
    conv.push_back({"assistant", "ok"});
    conv.push_back({"user", "where is the long road"});
    ASSERT_TRUE(s.prefillChat(conv, g.maxTokens).isOk());
    conv.back().content = "where is the long load for the truck";
    auto corrected = s.chat(conv, g, ignore);
    ASSERT_TRUE(corrected.isOk()) << corrected.message();
    EXPECT_GT(corrected->reusedTokens, 0);
    EXPECT_LT(corrected->reusedTokens, corrected->promptTokens - 4);
}
