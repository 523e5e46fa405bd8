// What the echo bench says and hears: the assistant's answers (spoken by the app, flite slt) and the driver's
// questions that interrupt them (flite rms, another voice). One answer ends with the wake phrase, so the
// assistant's own voice gets every chance to wake it.
#pragma once

#include <QStringList>

namespace peregrine::bench {

inline QStringList echoAnswers() {
    return {
        "The next town is twelve kilometres ahead. There is a fuel station at the second exit.",
        "Traffic is light on the motorway, and you should arrive in about forty minutes.",
        "It is sunny and nineteen degrees at your destination, with a light wind from the west.",
        "You have been driving for two hours. A rest area with coffee is eight kilometres away.",
        "The tyre pressure is normal on all four wheels, and the engine temperature is fine.",
        "Turn right at the next junction, then keep left for the ring road towards the harbour.",
        "Any time you need me while you drive, just say hey peregrine.",
        "The charging station at the service area has two free fast chargers right now.",
    };
}

// Long enough that the driver can interrupt a second into it.
inline QString echoLongAnswer() {
    return QStringLiteral(
        "Here is the weather for the rest of your trip. Clouds move in from the coast this afternoon, "
        "with some light rain after five, and the wind picks up on the bridge, so keep both hands on the "
        "wheel and leave a little more distance than usual.");
}

}  // namespace peregrine::bench
