#include "speech/utterance_shape.h"

#include <QSet>
#include <QStringList>

namespace peregrine::speech {

namespace {

const QSet<QString>& openers() {
    static const QSet<QString> s = {
        "what",  "whats", "where",    "when",    "how",    "who",    "why",  "which",    "is",      "are",
        "was",   "can",   "could",    "will",    "would",  "should", "do",   "does",     "did",     "tell",
        "set",   "turn",  "call",     "play",    "remind", "give",   "find", "read",     "open",    "show",
        "start", "take",  "navigate", "explain", "say",    "name",   "list", "describe", "convert", "add"};
    return s;
}

// Words after which a sentence goes on.
const QSet<QString>& continuers() {
    static const QSet<QString> s = {
        "the",    "a",     "an",    "to",    "of",    "and",    "or",    "but",   "for",  "in",
        "on",     "at",    "by",    "with",  "from",  "into",   "about", "than",  "as",   "if",
        "so",     "that",  "is",    "are",   "was",   "were",   "be",    "my",    "your", "our",
        "their",  "his",   "her",   "its",   "me",    "i",      "we",    "you",   "it's", "what",
        "how",    "where", "when",  "which", "who",   "why",    "can",   "could", "will", "would",
        "should", "do",    "does",  "did",   "not",   "very",   "more",  "less",  "some", "any",
        "this",   "these", "those", "next",  "until", "before", "after", "whats"};
    return s;
}

}  // namespace

bool soundsComplete(const QString& words) {
    const QStringList w = words.toLower().split(' ', Qt::SkipEmptyParts);
    if (w.size() < 3 || continuers().contains(w.back())) return false;
    // The first words of a partial transcript are the least reliable ("how far" heard as "hellfire"): a
    // longer request counts on its ending alone.
    return openers().contains(w.front()) || w.size() >= 5;
}

}  // namespace peregrine::speech
