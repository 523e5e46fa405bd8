// The gpt-4o (o200k) pre-tokenizer against llama.cpp: the 46 inputs of llama.cpp's vocab test on the
// synthetic Phi-4-mini vocabulary, ids as llama.cpp gave them (data/o200k-synthetic.out, see data/README.md).
#include <gtest/gtest.h>

#include "synth/synth_vocab.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/vocab_data.h"
#include "tokenizer_test_support.h"

namespace peregrine {
namespace {

TEST(O200kConformance, SyntheticPhi4VocabMatchesLlamaCpp) {
    const auto inp = testing::readFile(testing::conformanceDir() / "vocab" / "ggml-vocab-llama-bpe.gguf.inp");
    if (!inp) GTEST_SKIP() << "conformance kit not found at " << testing::conformanceDir();
    const auto out = testing::readFile(std::filesystem::path(PEREGRINE_SOURCE_DIR) /
                                       "tests/engine/tokenizer/data/o200k-synthetic.out");
    ASSERT_TRUE(out);
    const SynthVocab v = buildSynthVocab(SynthFamily::Phi4, 4096);
    VocabData d;
    d.model = v.model;
    d.pre = v.pre;
    d.tokens = v.tokens;
    d.types = v.types;
    d.merges = v.merges;
    d.bos = v.bos;
    d.eos = v.eos;
    d.addBos = v.addBos;
    auto t = Tokenizer::fromVocab(std::move(d));
    ASSERT_TRUE(t.isOk()) << t.message();
    const auto inputs = testing::splitVocabInputs(*inp);
    const auto expected = testing::parseVocabOutputs(*out);
    ASSERT_EQ(inputs.size(), expected.size());
    size_t same = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
        const auto ids = (*t)->encode(inputs[i], false, false);
        same += ids == expected[i];
        EXPECT_EQ(ids, expected[i]) << "case " << i << " '" << inputs[i] << "'";
        EXPECT_EQ((*t)->decode(ids), inputs[i]);
    }
    std::printf("o200k (synthetic vocab): %zu of %zu cases match llama.cpp\n", same, inputs.size());
}

}  // namespace
}  // namespace peregrine
