// Whether the words heard so far sound like a finished request, so the voice loop can end the turn after a
// short pause instead of the full end-of-speech silence. Conservative: a request needs at least three words,
// must not stop on a word that announces more ("the", "to", "and", "me", ...) and, when shorter than five
// words, must open like a question or a command ("how", "is", "set", "tell", ...). A wrong "complete" cuts the driver off, a wrong
// "incomplete" only costs the usual silence. Pure function; any thread.
#pragma once

#include <QString>

namespace peregrine::speech {

bool soundsComplete(const QString& words);

}  // namespace peregrine::speech
