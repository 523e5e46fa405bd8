// DevicePlayback: the loudspeaker through Qt Multimedia (QAudioSink in pull mode, 16 kHz mono Int16, device
// chosen by name).
//
// The QAudioSink lives on a thread of its own ("peregrine-speaker"), so the device is fed on time even while
// the voice thread is busy (recognising a question, spotting the wake word). Qt's callback pulls from a small
// QIODevice whose readData() only copies out of the sink's lock-free ring (consumeOrSilence()); it never
// waits. The stream never runs dry: between answers it plays silence. Both keep the delay from a sample
// handed over to its echo at the microphone the same from one answer to the next, so the echo canceller
// keeps its alignment; a stream that underran would come back at a different latency.
//
// "First sample played" is the moment the callback hands the first sample of a turn to the audio server
// (the server's own buffer, about 60 ms, follows). Errors as in DeviceCapture: a clear message, no crash;
// answers still show as text. Thread: create, start and stop on the voice thread (start/stop wait for the
// speaker thread).
#pragma once

#include <QMediaDevices>
#include <QThread>
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
    bool isActive() const override { return m_active; }

private:
    class Reader;
    class Stream;
    void onStreamFailed();
    void onDevicesChanged();
    void fail(const QString& message);

    QString m_deviceName;
    QString m_deviceId;
    QThread m_thread;
    Stream* m_stream = nullptr;  // lives on m_thread
    bool m_active = false;
    QMediaDevices m_devices;
};

}  // namespace peregrine::audio
