#include "speech/sentence_splitter.h"

#include <QSet>

namespace peregrine::speech {

namespace {
bool isCloser(QChar c) {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == QChar(0x201D) ||
           c == QChar(0x2019);
}

// Abbreviations that are never the end of a sentence when followed by more text (lower case, no dots inside).
const QSet<QString>& titles() {
    static const QSet<QString> s = {"mr",  "mrs", "ms",     "dr",   "prof", "st",  "sr",  "jr",
                                    "vs",  "no",  "approx", "ca",   "cf",   "fig", "mt",  "ft",
                                    "gen", "col", "capt",   "sgt",  "lt",   "rev", "hon", "inc",
                                    "ltd", "co",  "corp",   "dept", "est",  "ave"};
    return s;
}
// Abbreviations that may end a sentence: they end it only when a capital letter follows.
const QSet<QString>& ambiguous() {
    static const QSet<QString> s = {"etc", "e.g", "i.e", "a.m",  "p.m", "u.s", "u.k",
                                    "jan", "feb", "aug", "sept", "oct", "nov", "dec"};
    return s;
}

QString wordBefore(const QString& text, int dotIndex) {
    int start = dotIndex;
    while (start > 0 && (text[start - 1].isLetterOrNumber() || text[start - 1] == '.')) --start;
    return text.mid(start, dotIndex - start).toLower();
}
}  // namespace

QStringList SentenceSplitter::push(const QString& text) {
    m_buffer += text;
    QStringList out;
    for (;;) {
        int end = findBoundary();
        if (end <= 0 && m_cuts == 0) end = findClauseBoundary();
        if (end <= 0) break;
        const QString sentence = m_buffer.left(end).trimmed();
        m_buffer.remove(0, end);
        if (!sentence.isEmpty()) {
            out << sentence;
            ++m_cuts;
        }
    }
    return out;
}

QString SentenceSplitter::cutNow() {
    const QString sentence = m_buffer.trimmed();
    m_buffer.clear();
    if (!sentence.isEmpty()) ++m_cuts;
    return sentence;
}

int SentenceSplitter::findClauseBoundary() const {
    if (m_firstClauseChars <= 0) return -1;
    const int n = static_cast<int>(m_buffer.size());
    for (int i = m_firstClauseChars; i + 1 < n; ++i) {
        const QChar c = m_buffer[i];
        if ((c == ',' || c == ';' || c == ':') && m_buffer[i + 1].isSpace()) return i + 1;
    }
    return -1;
}

QStringList SentenceSplitter::flush() {
    const QString rest = cutNow();
    return rest.isEmpty() ? QStringList{} : QStringList{rest};
}

int SentenceSplitter::findBoundary() const {
    const QString& b = m_buffer;
    const int n = static_cast<int>(b.size());
    for (int i = 0; i < n; ++i) {
        const QChar c = b[i];
        if (c == '\n') {
            if (!b.left(i).trimmed().isEmpty()) return i + 1;
            continue;
        }
        if (c != '.' && c != '!' && c != '?' && c != QChar(0x2026)) continue;
        int j = i + 1;
        while (j < n && (b[j] == '.' || b[j] == '!' || b[j] == '?')) ++j;  // "?!", "..."
        while (j < n && isCloser(b[j])) ++j;
        if (j >= n) return -1;  // the next character decides: wait for it
        if (!b[j].isSpace()) {  // "3.5", "v1.2", "e.g" inside a word
            i = j - 1;
            continue;
        }
        int k = j;
        while (k < n && b[k].isSpace()) ++k;
        const bool ellipsis = (j - i >= 3 && c == '.') || c == QChar(0x2026);
        const QString word = c == '.' && j == i + 1 ? wordBefore(b, i) : QString();
        const bool initial = word.size() == 1 && word[0].isLetter();
        const bool needsNext = ellipsis || initial || ambiguous().contains(word);
        if (c == '.' && j == i + 1 && titles().contains(word)) {
            i = j - 1;
            continue;
        }
        if (needsNext) {
            if (k >= n) return -1;  // wait for the next word's first letter
            if (!b[k].isUpper()) {
                i = j - 1;
                continue;
            }
            if (initial) {  // "J. R. Tolkien": an initial followed by a capital stays in the sentence
                i = j - 1;
                continue;
            }
        }
        return j;
    }
    if (n > m_maxChars) {  // run-on: cut at the last clause break, else the last space
        for (const QString& breaks : {QStringLiteral(",;:"), QStringLiteral(" ")}) {
            for (int i = m_maxChars - 1; i > m_maxChars / 3; --i)
                if (breaks.contains(b[i])) return i + 1;
        }
        return m_maxChars;
    }
    return -1;
}

}  // namespace peregrine::speech
