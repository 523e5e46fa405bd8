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
    // Worth a keyphrase pass (SpeechToText::spotCommand): a short transcript that is not a command.
    bool maySpot(const QString& transcript) const;
    // The command a keyphrase pass spotted in an utterance the dictation transcribed as transcript, or None.
    // Accepted only when the dictation did not hear the utterance as something else: at most three words
    // besides fillers, and not the command's key word mixed with other words ("repeat after me", "stop the
    // car" stay questions; "the conversation", "eat that", "still", "one of her" are mishearings of
    // commands).
    CabCommand matchSpotted(const QString& transcript, const QString& spotted) const;
    // The phrases as spoken (for grammars and tests).
    static QStringList phrases();

private:
    struct Entry {
        QStringList words;
        CabCommand command;
        QString key;  // the word one-word slack must keep; empty: no slack (mishearings)
    };
    QList<Entry> m_entries;
};

}  // namespace peregrine::speech
