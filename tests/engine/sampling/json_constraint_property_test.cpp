// Property test of constrained decoding (issue 16): 1,000 generations from two tiny random-weight models, one
// with a SentencePiece vocab (Phi-3 layout: "▁" spaces, <0xNN> byte tokens) and one with a byte-level BPE
// vocab (Llama 3 layout), each with a random schema of the supported subset from a seeded generator, sampled
// at temperature 1 with a new seed per run. Every output must stop at end of generation (forced once the
// value is complete), parse as strict JSON and validate (json_validator.h, independent of the matcher).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "json_validator.h"
#include "runtime/session.h"
#include "sampling/sampler.h"
#include "synth/synth_model.h"
#include "tokenizer/tokenizer.h"

namespace peregrine {
namespace {

constexpr int kRunsPerModel = 500;

class SchemaGenerator {
public:
    explicit SchemaGenerator(uint64_t seed) : m_rng(seed) {}

    // Strings always have maxLength and arrays maxItems, so that a random model ends every value.
    std::string schema(int depth) {
        // The top level is a container or a union (the interesting cases); leaves below depth 3.
        const int kind =
            depth == 0 ? 6 + static_cast<int>(pick(4)) : static_cast<int>(pick(depth >= 3 ? 6 : 10));
        switch (kind) {
            case 0:
                return R"({"type":"boolean"})";
            case 1:
                return R"({"type":"null"})";
            case 2: {
                std::string s = R"({"type":"string","maxLength":)" + std::to_string(pick(8) + 1);
                if (pick(3) == 0) s += R"(,"minLength":1)";
                return s + "}";
            }
            case 3: {
                std::string s = R"({"type":"integer")";
                if (pick(2)) s += R"(,"minimum":)" + std::to_string(static_cast<int>(pick(200)) - 100);
                if (pick(2)) s += R"(,"maximum":)" + std::to_string(100 + pick(1000));
                return s + "}";
            }
            case 4: {
                std::string s = R"({"type":"number")";
                if (pick(2)) s += R"(,"minimum":-2.5)";
                if (pick(2)) s += R"(,"maximum":)" + std::to_string(pick(50)) + ".25";
                return s + "}";
            }
            case 5: {
                const char* const values[] = {"\"on\"", "\"off\"", "\"offline\"", "12",
                                              "1",      "true",    "null",        "\"caf\xC3\xA9\""};
                std::string s = R"({"enum":[)";
                const int n = static_cast<int>(pick(4)) + 1;
                for (int i = 0; i < n; ++i) s += std::string(i ? "," : "") + values[pick(8)];
                return s + "]}";
            }
            case 6: {
                std::string s = R"({"type":"object","properties":{)";
                const int n = static_cast<int>(pick(4));
                std::string required;
                for (int i = 0; i < n; ++i) {
                    const std::string name =
                        std::string(1, static_cast<char>('a' + i)) + (pick(2) ? "x" : "");
                    s += std::string(i ? "," : "") + "\"" + name + "\":" + schema(depth + 1);
                    if (pick(2)) required += std::string(required.empty() ? "" : ",") + "\"" + name + "\"";
                }
                s += "}";
                if (!required.empty()) s += R"(,"required":[)" + required + "]";
                return s + "}";
            }
            case 7: {
                const int maxItems = static_cast<int>(pick(4));
                return R"({"type":"array","items":)" + schema(depth + 1) + R"(,"maxItems":)" +
                       std::to_string(maxItems) + R"(,"minItems":)" + std::to_string(pick(maxItems + 1)) +
                       "}";
            }
            case 8:
                return R"({"anyOf":[)" + schema(depth + 1) + "," + schema(depth + 1) + "]}";
            default:
                return R"({"const":{"name":"set_timer","minutes":[40,null]}})";
        }
    }

private:
    uint64_t pick(uint64_t n) { return m_rng.next() % n; }
    Rng m_rng;
};

std::filesystem::path tinyModel(const char* baseShape, SynthFamily family, const char* file) {
    auto shape = synthShape(baseShape);
    EXPECT_TRUE(shape.has_value());
    if (!shape) return {};
    shape->family = family;
    shape->architecture = "llama";
    shape->nEmbd = 64;
    shape->nLayer = 1;
    shape->nHead = 2;
    shape->nHeadKv = 1;
    shape->nHeadDim = 0;
    shape->nRot = 0;
    shape->nFf = 128;
    shape->nVocab = 4096;
    shape->nCtx = 1024;
    shape->qkNorm = shape->postNorms = shape->fusedQkv = shape->fusedGateUp = shape->longRope = false;
    shape->slidingWindow = 0;
    shape->finalSoftcap = 0.0f;
    const auto path = std::filesystem::path(::testing::TempDir()) / file;
    SynthOptions options;
    options.seed = 3;
    options.threads = 1;
    auto r = synthesizeModel(*shape, SynthType::F16, path.string(), options);
    EXPECT_TRUE(r.isOk()) << r.message();
    return path;
}

void runProperty(const std::filesystem::path& model, uint64_t seedBase) {
    SessionOptions so;
    so.contextLength = 1024;
    so.threads = 1;
    auto session = Session::load(model.string(), so);
    ASSERT_TRUE(session.isOk()) << session.message();
    const auto prompt = (*session)->tokenizer().encode("JSON:", true, false);
    SchemaGenerator generator(seedBase);
    int failures = 0;
    size_t bytes = 0;
    int tokens = 0;
    for (int run = 0; run < kRunsPerModel && failures < 5; ++run) {
        const std::string schema = generator.schema(0);
        GenerateOptions go;
        go.maxTokens = 600;
        go.sampling.temperature = 1.0f;
        go.sampling.topK = 0;
        go.sampling.topP = 1.0f;
        go.sampling.minP = 0.0f;
        go.sampling.repeatPenalty = 1.0f;
        go.sampling.seed = seedBase + static_cast<uint64_t>(run);
        go.sampling.jsonSchema = schema;
        std::string out;
        auto stats = (*session)->generate(prompt, go, [&](std::string_view text, int32_t) {
            out += text;
            return true;
        });
        ASSERT_TRUE(stats.isOk()) << stats.message() << "\nschema: " << schema;
        std::string err = stats->stopReason == StopReason::EndOfText
                              ? testing::parseAndValidate(schema, out)
                              : "stopped by " + std::string(stopReasonText(stats->stopReason)) + ": " + out;
        bytes += out.size();
        tokens += stats->generatedTokens;
        if (run < 3) std::printf("schema %s\n  -> %s\n", schema.c_str(), out.c_str());
        if (!err.empty()) {
            ++failures;
            ADD_FAILURE() << "run " << run << ": " << err << "\nschema: " << schema;
        }
    }
    std::printf("%d runs: %zu bytes, %d tokens of constrained output\n", kRunsPerModel, bytes, tokens);
    // The outputs are real generations, not a handful of bytes: random schemas average several tokens.
    EXPECT_GT(tokens, kRunsPerModel * 4);
}

// A schema outside the subset is the generate call's error (not a crash, no tokens), and the session still
// answers afterwards.
TEST(JsonConstraintProperty, BadSchemaIsTheRequestsError) {
    const auto model = tinyModel("tiny", SynthFamily::Llama3, "json_property_bad.gguf");
    SessionOptions so;
    so.contextLength = 256;
    so.threads = 1;
    auto session = Session::load(model.string(), so);
    ASSERT_TRUE(session.isOk()) << session.message();
    GenerateOptions go;
    go.maxTokens = 4;
    go.sampling.jsonSchema = R"({"type":"string","pattern":"^a"})";
    int tokens = 0;
    auto onToken = [&](std::string_view, int32_t) { return ++tokens > 0; };
    auto bad = (*session)->complete("x", go, onToken);
    ASSERT_FALSE(bad.isOk());
    EXPECT_NE(bad.message().find("unsupported keyword 'pattern'"), std::string::npos) << bad.message();
    EXPECT_EQ(tokens, 0);
    go.sampling.jsonSchema.clear();
    EXPECT_TRUE((*session)->complete("x", go, onToken).isOk());
}

TEST(JsonConstraintProperty, SentencePieceVocab) {
    runProperty(tinyModel("phi3-tiny", SynthFamily::Phi3, "json_property_spm.gguf"), 1000);
}

TEST(JsonConstraintProperty, ByteLevelBpeVocab) {
    runProperty(tinyModel("tiny", SynthFamily::Llama3, "json_property_bpe.gguf"), 2000);
}

}  // namespace
}  // namespace peregrine
