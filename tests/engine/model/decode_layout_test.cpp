// The interleaved decode layout (model/decode_layout.h) changes where the bytes lie, never a result: a model
// read into memory (rearranged) gives the same logits, bit for bit, as the same file mapped (plain rows), in
// prefill (packed and column-wise batches) and in decode, with a tied output projection whose rows the
// embedding lookup copies out of their groups. Skipped where the kernel target reads no interleaved layout.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "gguf/gguf_file.h"
#include "kernels/vec_dot.h"
#include "model/model_info.h"
#include "model/transformer.h"
#include "threads/thread_pool.h"
#include "tiny_model.h"

using namespace peregrine;
using peregrine::testing::TinyModelSpec;

namespace {

std::unique_ptr<peregrine::testing::TinyTransformer> load(const std::string& path, Residency residency) {
    return peregrine::testing::TinyTransformer::load(path, residency, 128);
}

// Logits of a prompt of `prompt` tokens (all rows) followed by `steps` single-token decode steps.
std::vector<float> run(Transformer& m, const std::vector<int32_t>& tokens, int prompt) {
    const int vocab = m.info().nVocab;
    std::vector<float> all(static_cast<size_t>(prompt) * vocab);
    EXPECT_TRUE(m.forward(std::span(tokens).first(static_cast<size_t>(prompt)), all.data(), true).isOk());
    std::vector<float> logits(static_cast<size_t>(vocab));
    for (size_t i = static_cast<size_t>(prompt); i < tokens.size(); ++i) {
        EXPECT_TRUE(m.forward(std::span(tokens).subspan(i, 1), logits.data(), false).isOk());
        all.insert(all.end(), logits.begin(), logits.end());
    }
    return all;
}

TinyModelSpec layoutSpec(GgmlType type, bool tied, int ff) {
    TinyModelSpec spec;
    spec.embd = 256;  // K-quant rows: multiples of 256
    spec.ff = ff;
    spec.heads = 4;
    spec.kvHeads = 2;
    spec.matrixType = type;
    spec.tiedOutput = tied;
    spec.extraTokens = 3;  // 296 vocabulary rows: whole groups, so the output projection is interleaved too
    return spec;
}

std::string writeLayoutModel(const TinyModelSpec& spec, const std::string& prefix) {
    const std::string name =
        prefix + ggmlTypeName(spec.matrixType) + (spec.tiedOutput ? "_tied" : "") + ".gguf";
    return peregrine::testing::writeTinyModel(spec, name).string();
}

class DecodeLayout : public ::testing::TestWithParam<std::tuple<GgmlType, bool>> {
protected:
    // Writes the parameter's model with ff feed-forward columns and loads it mapped (plain rows) and in
    // memory (rearranged). False where the kernel target reads no interleaved layout of the type.
    bool loadBoth(int ff, const std::string& prefix) {
        const auto [type, tied] = GetParam();
        if (!interleavedDecode(type)) return false;
        spec = layoutSpec(type, tied, ff);
        const std::string path = writeLayoutModel(spec, prefix);
        plain = load(path, Residency::Mapped);
        inMemory = load(path, Residency::InMemory);
        return true;
    }
    TinyModelSpec spec;
    std::unique_ptr<peregrine::testing::TinyTransformer> plain, inMemory;
};

TEST_P(DecodeLayout, InMemoryInterleavedMatchesMappedPlainRows) {
    if (!loadBoth(512, "layout_")) GTEST_SKIP() << kernelTargetName() << " reads no interleaved layout";
    ASSERT_TRUE(plain && inMemory);
    auto& interleaved = inMemory;
    EXPECT_EQ(plain->model->interleavedMatrices(), 0);
    // 7 matrices per layer, and the output projection.
    EXPECT_EQ(interleaved->model->interleavedMatrices(), 7 * spec.layers + 1);

    const auto tokens = peregrine::testing::randomTokens(40, plain->info.nVocab, 5);
    for (int prompt : {24, 6}) {  // packed prefill, then column-wise small batches
        plain->model->cache().clear();
        interleaved->model->cache().clear();
        const auto expected = run(*plain->model, tokens, prompt);
        const auto got = run(*interleaved->model, tokens, prompt);
        ASSERT_EQ(expected.size(), got.size());
        for (size_t i = 0; i < expected.size(); ++i)
            ASSERT_EQ(expected[i], got[i]) << "prompt " << prompt << ", logit " << i;
    }
}

INSTANTIATE_TEST_SUITE_P(Types, DecodeLayout,
                         ::testing::Combine(::testing::Values(GgmlType::Q4_K, GgmlType::Q6_K),
                                            ::testing::Bool()));

// Matrices wider than 2048 columns are also cut into column slabs whose results are summed after the
// kernels (decode_layout.h): the feed-forward down projection here (4096 columns, 2 slabs). Packed prefill
// (rows copied back out of the slabs) stays bit for bit; column-wise and decode steps differ by the order of
// one float sum (matmul_test's MatMulSlabs checks the products to rounding).
TEST_P(DecodeLayout, ColumnSlabsAgreeWithPlainRows) {
    if (!loadBoth(4096, "slabs_")) GTEST_SKIP() << kernelTargetName() << " reads no interleaved layout";
    ASSERT_TRUE(plain && inMemory);
    auto& slabbed = inMemory;
    EXPECT_EQ(slabbed->model->interleavedMatrices(), 7 * spec.layers + 1);
    EXPECT_EQ(slabbed->model->slabbedMatrices(), spec.layers);  // the down projections
    EXPECT_EQ(plain->model->slabbedMatrices(), 0);

    const auto tokens = peregrine::testing::randomTokens(40, plain->info.nVocab, 5);
    for (int prompt : {24, 6}) {
        plain->model->cache().clear();
        slabbed->model->cache().clear();
        const auto expected = run(*plain->model, tokens, prompt);
        const auto got = run(*slabbed->model, tokens, prompt);
        ASSERT_EQ(expected.size(), got.size());
        float largest = 0;
        for (float v : expected) largest = std::max(largest, std::fabs(v));
        // Packed prefill copies the rows back out: the same arithmetic, bit for bit. After a column-wise or
        // decode step with slabs the hidden state differs by rounding, which can flip an int8 rounding of the
        // next product's quantized activations: a step's logits may then move by up to about 1% (measured:
        // 0.14 of 19; otherwise 1e-6 of the largest), never by what a wrong slab would give.
        const int vocab = plain->info.nVocab;
        int close = 0;
        const int rows = static_cast<int>(expected.size()) / vocab;
        for (int r = 0; r < rows; ++r) {
            float worst = 0;
            for (int k = 0; k < vocab; ++k) {
                const size_t i = static_cast<size_t>(r) * vocab + k;
                worst = std::max(worst, std::fabs(expected[i] - got[i]));
                if (r < prompt && prompt > 10) ASSERT_EQ(expected[i], got[i]) << "packed prefill row " << r;
            }
            EXPECT_LT(worst, 0.02f * largest) << "prompt " << prompt << ", row " << r;
            close += worst <= 1e-5f * largest ? 1 : 0;
        }
        EXPECT_GE(close, rows - 2) << "prompt " << prompt;
    }
}

// A second model over the same file (a session reloaded on it) finds the bytes already rearranged and reads
// them the same way instead of rearranging them twice.
TEST(DecodeLayoutOnce, SecondModelOnTheSameFileReadsTheSameLayout) {
    if (!interleavedDecode(GgmlType::Q4_K))
        GTEST_SKIP() << kernelTargetName() << " reads no interleaved Q4_K";
    TinyModelSpec spec;
    spec.embd = 256;
    spec.ff = 512;
    spec.matrixType = GgmlType::Q4_K;
    const std::string path = peregrine::testing::writeTinyModel(spec, "layout_twice.gguf").string();
    auto first = load(path, Residency::InMemory);
    ASSERT_TRUE(first);
    auto second = Transformer::create(*first->file, first->info, 128, first->pool);
    ASSERT_TRUE(second.isOk()) << second.message();
    EXPECT_EQ((*second)->interleavedMatrices(), first->model->interleavedMatrices());
    const auto tokens = peregrine::testing::randomTokens(12, first->info.nVocab, 9);
    const auto a = run(*first->model, tokens, 8);
    const auto b = run(**second, tokens, 8);
    EXPECT_EQ(a, b);
}

}  // namespace
