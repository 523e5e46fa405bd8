// Internal to peregrine_synth: the pieces the family vocabularies share (synth_vocab.cpp and
// synth_vocab_families.cpp).
#pragma once

#include <cstdint>
#include <string>

#include "synth/synth_vocab.h"

namespace peregrine::synth_detail {

// Merged word pieces in rank order until `count` are added: `space` + letter and letter pairs, then their
// one-letter extensions, level by level, so every piece is reachable by merging a shorter piece with a
// letter. withMerges: also record each as a BPE merge "left right".
void addMergedPieces(SynthVocab& v, int64_t count, const std::string& space, bool withMerges);
// The 256 GPT-2 byte symbols as normal tokens.
void addByteTokens(SynthVocab& v);
// Gemma 3, Phi-3 and Phi-4 vocabularies (see buildSynthVocab).
SynthVocab buildFamilyVocab(SynthFamily family, int64_t vocabSize);

}  // namespace peregrine::synth_detail
