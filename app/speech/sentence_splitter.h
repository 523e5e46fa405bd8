// SentenceSplitter: cuts an answer streamed token by token into sentences as soon as each one is complete, so
// the first sentence can be synthesised while the model is still writing the rest.
//
// A sentence ends at '.', '!' or '?' (with any closing quotes or brackets) followed by white space, or at a
// line break. Not ends: decimals and versions ("3.5", "v1.2" have no space after the dot), common
// abbreviations and titles ("Dr. Smith", "e.g. this", "approx. 5"), single initials ("J. R. Tolkien"), and an
// ellipsis or abbreviation followed by a lower-case word. Where the next word decides, the cut waits for its
// first letter. A sentence that grows past maxChars is cut at the last clause break (", ; :") or space so
// speech never waits on a long run-on answer. Plain value type; one thread. Cost: O(length of text pushed).
#pragma once

#include <QString>
#include <QStringList>

namespace peregrine::speech {

class SentenceSplitter {
public:
    explicit SentenceSplitter(int maxChars = 220) : m_maxChars(maxChars) {}

    // Appends streamed text; returns the sentences completed by it (trimmed, non-empty), in order.
    QStringList push(const QString& text);
    // End of the answer: returns what is left as a last sentence (empty list if only white space).
    QStringList flush();
    void reset() { m_buffer.clear(); }
    QString pending() const { return m_buffer; }

private:
    // Index just past the end of the first complete sentence in m_buffer, or -1.
    int findBoundary() const;

    QString m_buffer;
    int m_maxChars;
};

}  // namespace peregrine::speech
