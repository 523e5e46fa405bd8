// DevicePlayback: the loudspeaker through Qt Multimedia (QAudioSink in pull mode, 16 kHz mono Int16, device
// chosen by name). Qt's callback pulls from a small QIODevice whose readData() only copies out of the sink's
// ring (consume()); it returns what is there, never waits. A read that finds the ring empty makes Qt stop
// polling until the reader's readyRead(), emitted whenever samples are queued. "First sample played" is the
// moment the callback hands the first sample of a turn to the audio server (the server's own buffer, about 50
// ms, follows). Errors as in DeviceCapture: a clear message, no crash; answers still show as text. Thread:
// create, start and stop on the voice thread.
#pragma once

#include <QAudioSink>
#include <QMediaDevices>
#include <memory>

#include "audio/audio_sink.h"

namespace peregrine::audio {

class DevicePlayback : public AudioSink {
    Q_OBJECT
public:
    explicit DevicePlayback(QObject* parent = nullptr);
    ~DevicePlayback() override;

    void setDeviceName(const QString& name) { m_deviceName = name; }
    QString deviceName() const { return m_deviceName; }

    bool start() override;
    void stop() override;
    bool isActive() const override { return m_sink != nullptr; }

protected:
    // Qt's pull-mode sink stops polling when a read finds nothing and resumes on readyRead().
    void onEnqueued() override { wakeReader(); }
    void onSamplesReady() override { wakeReader(); }

private:
    class Reader;
    void wakeReader();
    void onStateChanged(QAudio::State state);
    void onDevicesChanged();
    void fail(const QString& message);

    QString m_deviceName;
    QString m_deviceId;
    std::unique_ptr<QAudioSink> m_sink;
    std::unique_ptr<QIODevice> m_reader;
    QMediaDevices m_devices;
};

}  // namespace peregrine::audio
