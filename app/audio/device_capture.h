// DeviceCapture: the microphone through Qt Multimedia (QAudioSource, 16 kHz mono Int16, device chosen by
// name). Qt's audio callback writes into a small QIODevice whose writeData() only copies into the source's
// ring. A missing device, an unsupported format or a device lost while running gives errorOccurred() with a
// sentence a driver can read; nothing throws, and the rest of the app (text mode) keeps working. Thread:
// create, start and stop on the voice thread (Qt delivers the callback there or on its audio thread).
#pragma once

#include <QAudioSource>
#include <QMediaDevices>
#include <memory>

#include "audio/audio_source.h"

namespace peregrine::audio {

class DeviceCapture : public AudioSource {
    Q_OBJECT
public:
    explicit DeviceCapture(QObject* parent = nullptr);
    ~DeviceCapture() override;

    void setDeviceName(const QString& name) { m_deviceName = name; }  // empty: system default
    QString deviceName() const { return m_deviceName; }

    bool start() override;
    void stop() override;
    bool isActive() const override { return m_source != nullptr; }

private:
    class Writer;
    void onStateChanged(QAudio::State state);
    void onDevicesChanged();
    void fail(const QString& message);

    QString m_deviceName;
    QString m_deviceId;
    std::unique_ptr<QAudioSource> m_source;
    std::unique_ptr<QIODevice> m_writer;
    QMediaDevices m_devices;
};

}  // namespace peregrine::audio
