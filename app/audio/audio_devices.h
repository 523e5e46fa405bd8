// Audio device lookup by name (the description shown in settings, e.g. "NullMic"); an empty name means the
// system default. Thread: any thread with a Qt application object; cost: a query of the audio server.
#pragma once

#include <QAudioDevice>
#include <QAudioFormat>
#include <QStringList>

namespace peregrine::audio {

QStringList inputDeviceNames();
QStringList outputDeviceNames();
// Null QAudioDevice when none matches (or, for an empty name, when there is no device at all).
QAudioDevice findInputDevice(const QString& name);
QAudioDevice findOutputDevice(const QString& name);
// 16 kHz mono Int16.
QAudioFormat appAudioFormat();

}  // namespace peregrine::audio
