// Real files: the conformance kit's tiny-spm-{f16,q8_0,q4_0,q4_k_m,q6_k}.gguf hold the same random weights,
// quantized by llama.cpp's llama-quantize. Dequantizing a tensor from a quantized file and comparing it with
// the f16 file measures llama.cpp's quantization error; our dequantizer must reproduce it (wrong layouts give
// errors near 1.0). Then our quantizer, run on the f16 tensor, must give the same error (within 10%) and,
// since it runs the same search, the same bytes (measured: 100% identical for every tensor checked; the test
// allows 1% for compilers that contract float operations differently).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "gguf/gguf_file.h"
#include "quant/quant.h"

namespace peregrine {
namespace {

const std::string kModels = std::string(PEREGRINE_CONFORMANCE_DIR) + "/models/";

std::unique_ptr<GgufFile> openModel(const std::string& name) {
    auto file = GgufFile::open(kModels + name);
    if (!file) {
        ADD_FAILURE() << name << ": " << file.message();
        return nullptr;
    }
    return std::move(file.value());
}

std::vector<float> dequantizeTensor(const GgufTensorInfo& t) {
    std::vector<float> out(t.elements());
    const size_t rowBytes = ggmlRowBytes(t.type, t.ne[0]);
    for (int64_t r = 0; r < t.rows(); ++r)
        dequantizeRow(t.type, t.data + r * rowBytes, out.data() + r * t.ne[0], t.ne[0]);
    return out;
}

double relativeRmse(const std::vector<float>& got, const std::vector<float>& ref) {
    double err = 0.0, norm = 0.0;
    for (size_t i = 0; i < ref.size(); ++i) {
        err += (got[i] - static_cast<double>(ref[i])) * (got[i] - ref[i]);
        norm += static_cast<double>(ref[i]) * ref[i];
    }
    return std::sqrt(err / norm);
}

// Upper bounds on llama.cpp's own relative RMSE per type. Measured on these files (weights ~ N(0, s)): Q8_0
// 0.0054, Q6_K 0.0178, Q4_K 0.0716, Q4_0 0.0863; bounds ~15-20% above.
double boundFor(GgmlType t) {
    switch (t) {
        case GgmlType::Q8_0:
            return 0.0065;
        case GgmlType::Q6_K:
            return 0.021;
        case GgmlType::Q4_K:
            return 0.083;
        case GgmlType::Q4_0:
            return 0.1;
        default:
            return 0.2;
    }
}

class QuantFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!std::filesystem::exists(kModels + "tiny-spm-f16.gguf"))
            GTEST_SKIP() << "conformance kit not found at " << kModels << " (set PEREGRINE_CONFORMANCE_DIR)";
        m_f16 = openModel("tiny-spm-f16.gguf");
        ASSERT_NE(m_f16, nullptr);
    }
    std::unique_ptr<GgufFile> m_f16;
};

const char* const kFiles[] = {"tiny-spm-q8_0.gguf", "tiny-spm-q4_0.gguf", "tiny-spm-q4_k_m.gguf",
                              "tiny-spm-q6_k.gguf"};
const char* const kTensors[] = {"token_embd.weight", "blk.0.ffn_gate.weight", "blk.0.attn_v.weight",
                                "blk.1.ffn_down.weight", "blk.3.attn_q.weight"};

TEST_F(QuantFilesTest, DequantizedFilesTrackF16) {
    for (const char* fileName : kFiles) {
        auto file = openModel(fileName);
        ASSERT_NE(file, nullptr);
        for (const char* name : kTensors) {
            const GgufTensorInfo* ref = m_f16->tensor(name);
            const GgufTensorInfo* q = file->tensor(name);
            ASSERT_TRUE(ref && q) << fileName << " " << name;
            ASSERT_EQ(ref->type, GgmlType::F16);
            ASSERT_EQ(q->elements(), ref->elements());
            ASSERT_TRUE(quantSupported(q->type)) << ggmlTypeName(q->type);
            const double rel = relativeRmse(dequantizeTensor(*q), dequantizeTensor(*ref));
            std::printf("%-22s %-24s %-5s llama.cpp relative RMSE %.5f\n", fileName, name,
                        ggmlTypeName(q->type).c_str(), rel);
            EXPECT_LT(rel, boundFor(q->type)) << fileName << " " << name;
            EXPECT_GT(rel, 0.0) << "a quantized tensor cannot be exact";
        }
    }
}

TEST_F(QuantFilesTest, OurQuantizerMatchesLlamaCpp) {
    for (const char* fileName : kFiles) {
        auto file = openModel(fileName);
        ASSERT_NE(file, nullptr);
        for (const char* name : kTensors) {
            const GgufTensorInfo* ref = m_f16->tensor(name);
            const GgufTensorInfo* q = file->tensor(name);
            ASSERT_TRUE(ref && q);
            const std::vector<float> x = dequantizeTensor(*ref);
            const size_t rowBytes = ggmlRowBytes(q->type, q->ne[0]);
            std::vector<uint8_t> ours(rowBytes * q->rows());
            for (int64_t r = 0; r < q->rows(); ++r)
                ASSERT_TRUE(
                    quantizeRow(q->type, x.data() + r * q->ne[0], ours.data() + r * rowBytes, q->ne[0]));
            size_t same = 0;
            for (size_t i = 0; i < ours.size(); ++i) same += ours[i] == q->data[i];
            std::vector<float> back(x.size());
            for (int64_t r = 0; r < q->rows(); ++r)
                dequantizeRow(q->type, ours.data() + r * rowBytes, back.data() + r * q->ne[0], q->ne[0]);
            const double oursRel = relativeRmse(back, x);
            const double theirsRel = relativeRmse(dequantizeTensor(*q), x);
            const double sameFraction = static_cast<double>(same) / ours.size();
            std::printf("%-22s %-24s %-5s ours %.5f llama.cpp %.5f identical bytes %.4f\n", fileName, name,
                        ggmlTypeName(q->type).c_str(), oursRel, theirsRel, sameFraction);
            EXPECT_LT(oursRel, 1.1 * theirsRel) << fileName << " " << name;
            EXPECT_GT(sameFraction, 0.99) << fileName << " " << name;
        }
    }
}

}  // namespace
}  // namespace peregrine
