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
    const auto add = [this](const char* words, CabCommand c, const char* key = "") {
        m_entries.append({QString::fromLatin1(words).split(' '), c, QString::fromLatin1(key)});
    };
    add("stop", CabCommand::Stop);
    add("stop it", CabCommand::Stop, "stop");
    add("stop talking", CabCommand::Stop, "stop");
    add("be quiet", CabCommand::Stop, "quiet");
    add("repeat that", CabCommand::Repeat, "repeat");
    add("repeat", CabCommand::Repeat);
    add("say that again", CabCommand::Repeat, "again");
    add("louder", CabCommand::Louder);
    add("lauder", CabCommand::Louder);
    add("quieter", CabCommand::Quieter);
    add("quiet her", CabCommand::Quieter);
    add("quite her", CabCommand::Quieter);
    add("new conversation", CabCommand::NewConversation, "conversation");
    add("start a new conversation", CabCommand::NewConversation, "conversation");
}

namespace {
// Lower-case words without punctuation, fillers stripped from both ends ("hey peregrine stop please").
QStringList contentWords(const QString& text) {
    static const QRegularExpression nonWord(QStringLiteral("[^a-z' ]"));
    QStringList words = text.toLower().remove(nonWord).split(' ', Qt::SkipEmptyParts);
    while (!words.isEmpty() && fillers().contains(words.first())) words.removeFirst();
    while (!words.isEmpty() && fillers().contains(words.last())) words.removeLast();
    return words;
}
constexpr int kSpotMaxWords = 3;
}  // namespace

bool CommandMatcher::maySpot(const QString& transcript) const {
    const QStringList words = contentWords(transcript);
    return !words.isEmpty() && words.size() <= kSpotMaxWords && match(transcript) == CabCommand::None;
}

CabCommand CommandMatcher::matchSpotted(const QString& transcript, const QString& spotted) const {
    const CabCommand command = match(spotted);
    if (command == CabCommand::None || !maySpot(transcript)) return CabCommand::None;
    // The words that make the command: its key word ("repeat" of "repeat that"), else all of them.
    QStringList keys = contentWords(spotted);
    for (const Entry& e : m_entries)
        if (e.words == keys && !e.key.isEmpty()) keys = QStringList{e.key};
    bool shared = false, other = false;
    for (const QString& w : contentWords(transcript)) {
        if (keys.contains(w))
            shared = true;
        else if (!fillers().contains(w))
            other = true;
    }
    return shared && other ? CabCommand::None : command;
}

CabCommand CommandMatcher::match(const QString& transcript) const {
    const QStringList words = contentWords(transcript);
    if (words.isEmpty() || words.size() > 5) return CabCommand::None;
    for (const Entry& e : m_entries)
        if (words == e.words) return e.command;
    // One word of slack for multi-word commands: same length with one word different but the key word intact
    // ("new conversations", "repeat this"; not "new york").
    for (const Entry& e : m_entries) {
        if (e.key.isEmpty() || e.words.size() < 2 || e.words.size() != words.size()) continue;
        int diff = 0;
        bool keyKept = false;
        for (int i = 0; i < words.size(); ++i) {
            diff += words[i] != e.words[i];
            keyKept |= e.words[i] == e.key && words[i].startsWith(e.key);  // "conversations" keeps it
        }
        if (diff <= 1 && keyKept) return e.command;
    }
    return CabCommand::None;
}

}  // namespace peregrine::speech
