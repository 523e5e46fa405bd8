// The text of bench/wake_word: generated talk radio that never contains the wake phrase (news, traffic,
// weather, sports, call-ins, advertisements, and near misses such as "hey there", "a pair of peregrine
// falcons", "grin", "paragraph"), and wake phrase utterances with carrier speech before and after.
// Deterministic for a seed.
#pragma once

#include <QString>
#include <QStringList>
#include <cstdint>
#include <vector>

namespace peregrine::bench {

// Sentences of talk radio, in order; no sentence and no pair of neighbouring sentences contains the wake
// phrase (nor "hay <second word>", which sounds the same).
QStringList talkRadioSentences(int count, uint32_t seed, const QString& wakePhrase);

struct WakeUtterance {
    QString before;  // spoken first, then a short pause (may be empty)
    QString spoken;  // the wake phrase, maybe followed by a request in the same breath
};
std::vector<WakeUtterance> wakeUtterances(int count, uint32_t seed, const QString& wakePhrase);

// True when the words of text contain the wake phrase (or its homophone "hay ..."), punctuation ignored.
bool containsWakePhrase(const QString& text, const QString& wakePhrase);

}  // namespace peregrine::bench
