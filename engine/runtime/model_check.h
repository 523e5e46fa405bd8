// The checks a Session load makes on a model file, without allocating the KV cache or reading the matrix
// weights: hyper-parameters and tensor shapes (readModelInfo), the tokenizer (its special-token ids inside
// the vocabulary), tokenizer and model agreeing on the vocabulary size, every tensor the architecture needs
// bound, and the norm / bias vectors finite. `models verify` calls checkLoadable() so that "OK" means the
// model loads; NativeSession::create runs the same steps on the objects it keeps.
// Cost: the vectors are dequantized (a few MiB for a 3B model); matrices are not touched.
#pragma once

#include "core/status.h"

namespace peregrine {

class GgufFile;
class Tokenizer;
struct ModelInfo;

Status checkVocabularyAgrees(const ModelInfo& info, const Tokenizer& tokenizer);
Status checkLoadable(const GgufFile& file);

}  // namespace peregrine
