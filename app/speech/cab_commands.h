// Cab commands: short phrases that act at once, without the language model ("stop" must work even while a
// model is loading or busy). CommandMatcher recognises them in a transcript: the whole utterance must be the
// command, optionally wrapped in politeness and the assistant's name ("peregrine stop please"), with one word
// of slack for two-word commands and a few known mishearings of the Debian en-us models. Plain value type;
// thread-safe for const use. Cost: microseconds.
#pragma once

#include <QString>
#include <QStringList>

namespace peregrine::speech {

enum class CabCommand { None, Stop, Repeat, Louder, Quieter, NewConversation };

QString cabCommandName(CabCommand command);  // "stop", "repeat", "louder", "quieter", "new_conversation"

class CommandMatcher {
public:
    CommandMatcher();
    CabCommand match(const QString& transcript) const;
    // The phrases as spoken (for grammars and tests).
    static QStringList phrases();

private:
    struct Entry {
        QStringList words;
        CabCommand command;
    };
    QList<Entry> m_entries;
};

}  // namespace peregrine::speech
