// The spoken material of the voice latency bench: short cab questions (answered by the model) and the cab
// commands (acted on without it), plus word error rate scoring.
#pragma once

#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <vector>

namespace peregrine::bench {

struct Utterance {
    QString text;
    bool command = false;
};

inline std::vector<Utterance> cabCorpus() {
    return {
        {"how far is the next town"},
        {"what is the weather like today"},
        {"tell me a short story"},
        {"when should i take a break"},
        {"how long until we get there"},
        {"is there a gas station nearby"},
        {"what time is it in new york"},
        {"tell me something about dogs"},
        {"stop", true},
        {"repeat that", true},
        {"louder", true},
        {"quieter", true},
        {"new conversation", true},
    };
}

inline QStringList words(const QString& text) {
    static const QRegularExpression nonWord(QStringLiteral("[^a-z' ]"));
    return text.toLower().remove(nonWord).split(' ', Qt::SkipEmptyParts);
}

// Word-level edit distance (substitutions + insertions + deletions) between reference and hypothesis.
inline int wordErrors(const QStringList& ref, const QStringList& hyp) {
    std::vector<int> prev(hyp.size() + 1), cur(hyp.size() + 1);
    for (int j = 0; j <= hyp.size(); ++j) prev[j] = j;
    for (int i = 1; i <= ref.size(); ++i) {
        cur[0] = i;
        for (int j = 1; j <= hyp.size(); ++j)
            cur[j] =
                std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ref[i - 1] == hyp[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[hyp.size()];
}

}  // namespace peregrine::bench
