#include "runtime/model_check.h"

#include <string>

#include "gguf/gguf_file.h"
#include "model/arch_registry.h"
#include "model/model_info.h"
#include "model/model_weights.h"
#include "tokenizer/tokenizer.h"

namespace peregrine {

Status checkVocabularyAgrees(const ModelInfo& info, const Tokenizer& tokenizer) {
    if (tokenizer.vocabSize() == info.nVocab) return Status::ok();
    return Status::error("the tokenizer has " + std::to_string(tokenizer.vocabSize()) +
                         " tokens but the model's vocabulary is " + std::to_string(info.nVocab));
}

Status checkLoadable(const GgufFile& file) {
    auto info = readModelInfo(file);
    if (!info) return info.status();
    auto tokenizer = Tokenizer::fromGguf(file);
    if (!tokenizer) return tokenizer.status();
    if (Status s = checkVocabularyAgrees(*info, **tokenizer); !s) return s;
    const ArchSpec* arch = findArch(info->architecture);
    if (!arch) return Status::error("unsupported architecture '" + info->architecture + "'");
    auto weights = bindWeights(file, *arch, *info);  // shapes, presence, finite vectors
    if (!weights) return weights.status();
    return file.checkIntact();
}

}  // namespace peregrine
