#include "speech/cab_commands.h"

#include <QRegularExpression>
#include <QSet>

namespace peregrine::speech {

namespace {
// Words that may surround a command without changing it.
const QSet<QString>& fillers() {
    static const QSet<QString> s = {"please", "peregrine", "hey", "ok", "okay", "now",
                                    "the",    "a",         "uh",  "um", "and",  "oh"};
    return s;
}
}  // namespace

QString cabCommandName(CabCommand command) {
    switch (command) {
        case CabCommand::Stop:
            return QStringLiteral("stop");
        case CabCommand::Repeat:
            return QStringLiteral("repeat");
        case CabCommand::Louder:
            return QStringLiteral("louder");
        case CabCommand::Quieter:
            return QStringLiteral("quieter");
        case CabCommand::NewConversation:
            return QStringLiteral("new_conversation");
        case CabCommand::None:
            break;
    }
    return QStringLiteral("none");
}

QStringList CommandMatcher::phrases() {
    return {QStringLiteral("stop"), QStringLiteral("repeat that"), QStringLiteral("louder"),
            QStringLiteral("quieter"), QStringLiteral("new conversation")};
}

CommandMatcher::CommandMatcher() {
    const auto add = [this](const char* words, CabCommand c) {
        m_entries.append({QString::fromLatin1(words).split(' '), c});
    };
    add("stop", CabCommand::Stop);
    add("stop it", CabCommand::Stop);
    add("stop talking", CabCommand::Stop);
    add("be quiet", CabCommand::Stop);
    add("repeat that", CabCommand::Repeat);
    add("repeat", CabCommand::Repeat);
    add("say that again", CabCommand::Repeat);
    add("louder", CabCommand::Louder);
    add("lauder", CabCommand::Louder);
    add("quieter", CabCommand::Quieter);
    add("quiet her", CabCommand::Quieter);
    add("quite her", CabCommand::Quieter);
    add("new conversation", CabCommand::NewConversation);
    add("start a new conversation", CabCommand::NewConversation);
}

CabCommand CommandMatcher::match(const QString& transcript) const {
    static const QRegularExpression nonWord(QStringLiteral("[^a-z' ]"));
    QStringList words = transcript.toLower().remove(nonWord).split(' ', Qt::SkipEmptyParts);
    // Strip fillers from both ends ("hey peregrine stop please").
    while (!words.isEmpty() && fillers().contains(words.first())) words.removeFirst();
    while (!words.isEmpty() && fillers().contains(words.last())) words.removeLast();
    if (words.isEmpty() || words.size() > 5) return CabCommand::None;
    for (const Entry& e : m_entries)
        if (words == e.words) return e.command;
    // One word of slack for multi-word commands: same length with one word different but the key word intact
    // ("new conversations", "repeat this").
    for (const Entry& e : m_entries) {
        if (e.words.size() < 2 || e.words.size() != words.size()) continue;
        int diff = 0;
        for (int i = 0; i < words.size(); ++i) diff += words[i] != e.words[i];
        if (diff <= 1) return e.command;
    }
    return CabCommand::None;
}

}  // namespace peregrine::speech
