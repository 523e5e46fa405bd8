// SentenceSplitter: cuts an answer streamed token by token into sentences as soon as each one is complete, so
// the first sentence can be synthesised while the model is still writing the rest.
//
// A sentence ends at '.', '!' or '?' (with any closing quotes or brackets) followed by white space, or at a
// line break. Not ends: decimals and versions ("3.5", "v1.2" have no space after the dot), common
// abbreviations and titles ("Dr. Smith", "e.g. this", "approx. 5"), single initials ("J. R. Tolkien"), and an
// ellipsis or abbreviation followed by a lower-case word. Where the next word decides, the cut waits for its
// first letter. A sentence that grows past maxChars is cut at the last clause break (", ; :") or space so
// speech never waits on a long run-on answer. The first cut of an answer may also come at a clause break
// (", ; :" then a space) once the clause has firstClauseChars, so the first words are spoken sooner.
// Plain value type; one thread. Cost: O(length of text pushed).
#pragma once

#include <QString>
#include <QStringList>

namespace peregrine::speech {

class SentenceSplitter {
public:
    explicit SentenceSplitter(int maxChars = 220) : m_maxChars(maxChars) {}
    // 0: the first cut waits for a sentence end like the others.
    void setFirstClauseChars(int chars) { m_firstClauseChars = chars; }

    // Appends streamed text; returns the sentences completed by it (trimmed, non-empty), in order.
    QStringList push(const QString& text);
    // End of the answer: returns what is left as a last sentence (empty list if only white space).
    QStringList flush();
    // Cuts what is pending now as a sentence (empty when only white space), e.g. when the caller decides the
    // first sentence has come (a token budget for models that never end one).
    QString cutNow();
    void reset() {
        m_buffer.clear();
        m_cuts = 0;
    }
    QString pending() const { return m_buffer; }

private:
    // Index just past the end of the first complete sentence in m_buffer, or -1.
    int findBoundary() const;

    int findClauseBoundary() const;

    QString m_buffer;
    int m_maxChars;
    int m_firstClauseChars = 0;
    int m_cuts = 0;  // sentences cut since reset()
};

}  // namespace peregrine::speech
