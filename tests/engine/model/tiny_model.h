// Test fixture: writes a tiny random-weight llama/qwen2 GGUF (with a small SentencePiece vocab) through
// GgufWriter, so model, session and ModelInfo tests run without the conformance kit. Test-only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "model/transformer.h"
#include "threads/thread_pool.h"

namespace peregrine::testing {

struct TinyModelSpec {
    std::string arch = "llama";
    int embd = 32;
    int heads = 4;
    int kvHeads = 2;
    int ff = 64;
    int layers = 2;
    int context = 256;
    GgmlType matrixType = GgmlType::F32;  // type of the matmul weights
    bool tiedOutput = false;
    bool biases = false;     // Q/K/V biases (required for qwen2)
    bool ropeFreqs = false;  // rope_freqs.weight (llama3 scaling)
    uint32_t seed = 1;
    int extraTokens = 0;  // unused tokens appended to the 293-token vocabulary (row counts of the embeddings)
    // Last chance to change metadata or tensors before writing (error tests).
    std::function<void(GgufWriter&)> tweak;
    // Tensors to leave out (error tests).
    std::string skipTensor;
};

// n token ids in [3, vocab) from a seeded generator (ids 0-2 are the special tokens).
std::vector<int32_t> randomTokens(int n, int vocab, uint32_t seed);

// Builds the file in memory.
GgufWriter buildTinyModel(const TinyModelSpec& spec);
// Writes it under the test temp dir and returns the path.
std::filesystem::path writeTinyModel(const TinyModelSpec& spec, const std::string& fileName);

// A Transformer over a written tiny model with its own file mapping and a two-thread pool (declared in the
// order they must outlive each other). open() fails the current test and returns null on an error.
struct TinyTransformer {
    std::unique_ptr<GgufFile> file;
    ModelInfo info;
    ThreadPool pool{2};
    std::unique_ptr<Transformer> model;
    static std::unique_ptr<TinyTransformer> open(const TinyModelSpec& spec, const std::string& fileName,
                                                 int contextLength);
    // The same over a file already written, read as `residency` says.
    static std::unique_ptr<TinyTransformer> load(const std::string& path, Residency residency,
                                                 int contextLength);
};

}  // namespace peregrine::testing
