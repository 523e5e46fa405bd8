// llama.cpp's own tokenizer cases on the real Llama 2 (SentencePiece) and Llama 3 (byte-level BPE)
// vocabularies of the conformance kit: ids must match exactly; decoding must give the text back.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iterator>
#include <map>
#include <random>

#include "gguf/gguf_file.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/vocab_data.h"
#include "tokenizer_test_support.h"

namespace peregrine {
namespace {

struct VocabCases {
    std::unique_ptr<GgufFile> file;
    std::unique_ptr<Tokenizer> tokenizer;
    std::vector<std::string> inputs;
    std::vector<std::vector<int32_t>> expected;
};

// Where a vocab file is: the kit's vocab/, else $PEREGRINE_LLAMA_VOCAB_DIR (the models/ folder of a llama.cpp
// source tree, which holds ggml-vocab-*.gguf with their .inp/.out cases).
std::filesystem::path vocabPath(const std::string& name) {
    const auto kit = testing::conformanceDir() / "vocab" / name;
    if (std::filesystem::exists(kit)) return kit;
    if (const char* dir = std::getenv("PEREGRINE_LLAMA_VOCAB_DIR")) return std::filesystem::path(dir) / name;
    return kit;
}

// Loads <name>.gguf and its .inp/.out once per process; null when the files are absent.
const VocabCases* loadCases(const std::string& name) {
    static std::map<std::string, std::unique_ptr<VocabCases>> cache;
    if (auto it = cache.find(name); it != cache.end()) return it->second.get();
    const auto base = vocabPath(name);
    auto inp = testing::readFile(base.string() + ".inp");
    auto out = testing::readFile(base.string() + ".out");
    if (!inp || !out || !std::filesystem::exists(base)) return nullptr;
    auto owned = std::make_unique<VocabCases>();
    VocabCases& c = *owned;
    auto file = GgufFile::open(base.string());
    EXPECT_TRUE(file.isOk()) << file.message();
    if (!file) return nullptr;
    c.file = std::move(file.value());
    auto tok = Tokenizer::fromGguf(*c.file);
    EXPECT_TRUE(tok.isOk()) << tok.message();
    if (!tok) return nullptr;
    c.tokenizer = std::move(tok.value());
    c.inputs = testing::splitVocabInputs(*inp);
    c.expected = testing::parseVocabOutputs(*out);
    return (cache[name] = std::move(owned)).get();
}

std::string idsToString(const std::vector<int32_t>& ids) {
    std::string s;
    for (int32_t id : ids) s += " " + std::to_string(id);
    return s;
}

void checkAllCases(const std::string& name) {
    auto cases = loadCases(name);
    if (!cases) {
        GTEST_SKIP() << "conformance kit not found at " << testing::conformanceDir() << " (vocab/" << name
                     << ")";
    }
    ASSERT_EQ(cases->inputs.size(), cases->expected.size()) << "malformed .inp/.out pair";
    size_t passed = 0;
    for (size_t i = 0; i < cases->inputs.size(); ++i) {
        const auto ids = cases->tokenizer->encode(cases->inputs[i], false, false);
        if (ids == cases->expected[i]) {
            ++passed;
        } else {
            ADD_FAILURE() << name << " case " << i << " text '" << cases->inputs[i] << "'\n  got     "
                          << idsToString(ids) << "\n  expected" << idsToString(cases->expected[i]);
        }
        EXPECT_EQ(cases->tokenizer->decode(ids), cases->inputs[i]) << name << " round trip of case " << i;
    }
    std::printf("%s: %zu of %zu cases match llama.cpp\n", name.c_str(), passed, cases->inputs.size());
}

TEST(VocabConformance, LlamaSpmCasesMatchLlamaCpp) {
    checkAllCases("ggml-vocab-llama-spm.gguf");
}

TEST(VocabConformance, LlamaBpeCasesMatchLlamaCpp) {
    checkAllCases("ggml-vocab-llama-bpe.gguf");
}

// llama.cpp's own vocab files (from its source tree, see vocabPath): byte-level BPE with each pre-tokenizer
// family, and Phi-3's SentencePiece.
class LlamaCppVocab : public ::testing::TestWithParam<std::string> {};

TEST_P(LlamaCppVocab, CasesMatchLlamaCpp) {
    const std::string name = "ggml-vocab-" + GetParam() + ".gguf";
    if (!std::filesystem::exists(vocabPath(name)))
        GTEST_SKIP() << name
                     << " not found in the kit or $PEREGRINE_LLAMA_VOCAB_DIR (a llama.cpp models/ folder)";
    checkAllCases(name);
}

INSTANTIATE_TEST_SUITE_P(Files, LlamaCppVocab,
                         ::testing::Values("deepseek-coder", "deepseek-llm", "falcon", "gpt-2", "mpt",
                                           "phi-3", "qwen2", "starcoder", "refact", "command-r"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string n = info.param;
                             for (char& c : n)
                                 if (c == '-') c = '_';
                             return n;
                         });

TEST(VocabConformance, UnknownPreTokenizerIsRefusedWithItsName) {
    auto cases = loadCases("ggml-vocab-llama-bpe.gguf");
    if (!cases) GTEST_SKIP() << "conformance kit not found at " << testing::conformanceDir();
    // Same vocabulary, an invented pre-tokenizer name: refused, naming it and the supported ones.
    VocabData d;
    d.model = "gpt2";
    d.pre = "made-up-pre";
    d.tokens = {"a", "b", "ab"};
    d.merges = {"a b"};
    auto t = Tokenizer::fromVocab(std::move(d));
    ASSERT_FALSE(t.isOk());
    EXPECT_NE(t.message().find("pre-tokenizer 'made-up-pre'"), std::string::npos) << t.message();
    EXPECT_NE(t.message().find("deepseek-coder"), std::string::npos) << t.message();
}

TEST(VocabConformance, LlamaBpeMetadata) {
    auto cases = loadCases("ggml-vocab-llama-bpe.gguf");
    if (!cases) {
        GTEST_SKIP() << "conformance kit not found at " << testing::conformanceDir();
    }
    const Tokenizer& t = *cases->tokenizer;
    EXPECT_EQ(t.modelName(), "gpt2");
    EXPECT_EQ(t.preName(), "llama-bpe");
    EXPECT_EQ(t.vocabSize(), 128256);
    EXPECT_EQ(t.bos(), 128000);
    EXPECT_EQ(t.eos(), 128001);
    EXPECT_EQ(t.eot(), 128009);
    EXPECT_TRUE(t.addBosDefault());
    EXPECT_TRUE(t.isEog(128001));
    EXPECT_TRUE(t.isEog(128009));
    EXPECT_FALSE(t.isEog(128006));
    EXPECT_EQ(t.findToken("<|eot_id|>"), 128009);
    EXPECT_EQ(t.tokenType(128009), TokenType::Control);
    // Specials: parsed only when asked; rendered only when asked.
    EXPECT_EQ(t.encode("<|eot_id|>", false, true), std::vector<int32_t>{128009});
    EXPECT_GT(t.encode("<|eot_id|>", false, false).size(), 1u);
    EXPECT_EQ(t.piece(128009), "");
    EXPECT_EQ(t.piece(128009, true), "<|eot_id|>");
    EXPECT_EQ(t.encode("Hi", true, false).front(), 128000);
}

TEST(VocabConformance, LlamaSpmMetadata) {
    auto cases = loadCases("ggml-vocab-llama-spm.gguf");
    if (!cases) {
        GTEST_SKIP() << "conformance kit not found at " << testing::conformanceDir();
    }
    const Tokenizer& t = *cases->tokenizer;
    EXPECT_EQ(t.modelName(), "llama");
    EXPECT_EQ(t.vocabSize(), 32000);
    EXPECT_EQ(t.bos(), 1);
    EXPECT_EQ(t.eos(), 2);
    EXPECT_EQ(t.unk(), 0);
    EXPECT_TRUE(t.addBosDefault());
    EXPECT_TRUE(t.isEog(2));
    EXPECT_EQ(t.piece(13), "\n");  // <0x0A>
    EXPECT_EQ(t.encode("</s>", false, true), std::vector<int32_t>{2});
    // Byte fallback: a character without a piece is spelled with <0xXX> tokens and decodes back.
    const std::string rare = "\xF0\x9F\xA6\x99";  // U+1F999
    EXPECT_EQ(t.decode(t.encode(rare, true, false)), rare);
}

// Streaming: pieces of characters split across tokens (byte fallback, byte-level BPE) are held back until
// whole.
TEST(VocabConformance, StreamingDecodeOfSplitCharacters) {
    const std::string text =
        "Caf\xC3\xA9 \xF0\x9F\x9A\x9A\xF0\x9F\xA6\x99 \xE4\xB8\xAD\xE6\x96\x87 \xE1\x9E\x80!";
    for (const char* name : {"ggml-vocab-llama-spm.gguf", "ggml-vocab-llama-bpe.gguf"}) {
        auto cases = loadCases(name);
        if (!cases) {
            GTEST_SKIP() << "conformance kit not found at " << testing::conformanceDir();
        }
        const Tokenizer& t = *cases->tokenizer;
        const auto ids = t.encode(text, false, false);
        Utf8StreamDecoder stream;
        std::string out;
        size_t partialPieces = 0;
        for (int32_t id : ids) {
            const std::string piece = t.piece(id);
            const std::string chunk = stream.push(piece);
            if (chunk != piece) ++partialPieces;
            EXPECT_EQ(chunk.find("\xEF\xBF\xBD"), std::string::npos) << name << ": U+FFFD in valid text";
            out += chunk;
        }
        out += stream.flush();
        EXPECT_GT(partialPieces, 0u) << name << ": the text should split some character across tokens";
        // SPM output starts with the space prefix the encoder added.
        EXPECT_EQ(t.addSpacePrefix() ? out.substr(1) : out, text) << name;
    }
}

// Random bytes and random code points: ids stay in range; byte-level BPE is lossless for any bytes and
// SentencePiece for any valid UTF-8 text.
TEST(VocabConformance, RandomTextIsSafeAndRoundTrips) {
    std::mt19937 rng(1234);
    const uint32_t ranges[][2] = {{0x20, 0x7E},       {0xA0, 0x24F}, {0x400, 0x4FF},   {0x4E00, 0x4FFF},
                                  {0x1F300, 0x1F6FF}, {0x09, 0x0D},  {0x3000, 0x3000}, {0x10000, 0x10FFFF}};
    for (const char* name : {"ggml-vocab-llama-spm.gguf", "ggml-vocab-llama-bpe.gguf"}) {
        auto cases = loadCases(name);
        if (!cases) {
            GTEST_SKIP() << "conformance kit not found at " << testing::conformanceDir();
        }
        const Tokenizer& t = *cases->tokenizer;
        for (int iter = 0; iter < 200; ++iter) {
            std::string bytes(rng() % 64, '\0');
            for (char& c : bytes) c = static_cast<char>(rng());
            const auto ids = t.encode(bytes, true, iter % 2 == 0);
            for (int32_t id : ids) ASSERT_TRUE(id >= 0 && id < t.vocabSize());
            if (t.modelName() == "gpt2") {
                EXPECT_EQ(t.decode(t.encode(bytes, false, false)), bytes);
            }

            std::string utf8;
            const int n = static_cast<int>(rng() % 24);
            for (int k = 0; k < n; ++k) {
                const auto& r = ranges[rng() % std::size(ranges)];
                uint32_t cp = r[0] + rng() % (r[1] - r[0] + 1);
                if (cp >= 0xD800 && cp < 0xE000) cp = 'x';
                testing::appendUtf8(utf8, cp);
            }
            EXPECT_EQ(t.decode(t.encode(utf8, true, false)), utf8) << name;
        }
    }
}

// Long inputs (a 256 KB text, a 64 KB run of spaces) encode and round-trip. Not a benchmark (timed tests do
// not belong in ctest); the CPU time per KB is printed for a rough look and stays far below 1 ms/KB in
// release builds because merges use a priority queue (n log n, no quadratic rescans).
TEST(VocabConformance, LongInputsEncodeAndRoundTrip) {
    for (const char* name : {"ggml-vocab-llama-spm.gguf", "ggml-vocab-llama-bpe.gguf"}) {
        auto cases = loadCases(name);
        if (!cases) {
            GTEST_SKIP() << "conformance kit not found at " << testing::conformanceDir();
        }
        std::string text;
        for (const auto& s : cases->inputs) text += s + " ";
        while (text.size() < 256 * 1024) text += text;
        const std::string spaces(64 * 1024, ' ');  // one long word for SPM, a long whitespace run for BPE
        // Process CPU time (the suite may share the machine with other jobs).
        const std::clock_t start = std::clock();
        const auto ids = cases->tokenizer->encode(text, true, false);
        const std::clock_t mid = std::clock();
        const auto ids2 = cases->tokenizer->encode(spaces, false, false);
        const std::clock_t end = std::clock();
        auto msPerKb = [](std::clock_t a, std::clock_t b, size_t bytes) {
            return 1000.0 * double(b - a) / CLOCKS_PER_SEC / (bytes / 1024.0);
        };
        std::printf("%s: %zu KB of text %.3f ms/KB (%zu tokens); %zu KB of spaces %.3f ms/KB\n", name,
                    text.size() / 1024, msPerKb(start, mid, text.size()), ids.size(), spaces.size() / 1024,
                    msPerKb(mid, end, spaces.size()));
        EXPECT_EQ(cases->tokenizer->decode(ids), text);
        EXPECT_EQ(cases->tokenizer->decode(ids2), spaces);
    }
}

}  // namespace
}  // namespace peregrine
