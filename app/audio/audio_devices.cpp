#include "audio/audio_devices.h"

#include <QMediaDevices>

#include "audio/pcm.h"

namespace peregrine::audio {

namespace {
QStringList names(const QList<QAudioDevice>& devices) {
    QStringList out;
    for (const auto& d : devices) out << d.description();
    return out;
}

QAudioDevice find(const QList<QAudioDevice>& devices, const QAudioDevice& fallback, const QString& name) {
    if (name.isEmpty()) return fallback.isNull() && !devices.isEmpty() ? devices.first() : fallback;
    for (const auto& d : devices)
        if (d.description() == name || QString::fromUtf8(d.id()) == name) return d;
    return {};
}
}  // namespace

QStringList inputDeviceNames() {
    return names(QMediaDevices::audioInputs());
}
QStringList outputDeviceNames() {
    return names(QMediaDevices::audioOutputs());
}

QAudioDevice findInputDevice(const QString& name) {
    return find(QMediaDevices::audioInputs(), QMediaDevices::defaultAudioInput(), name);
}

QAudioDevice findOutputDevice(const QString& name) {
    return find(QMediaDevices::audioOutputs(), QMediaDevices::defaultAudioOutput(), name);
}

QAudioFormat appAudioFormat() {
    QAudioFormat f;
    f.setSampleRate(kSampleRate);
    f.setChannelCount(1);
    f.setSampleFormat(QAudioFormat::Int16);
    return f;
}

}  // namespace peregrine::audio
