#include "audio/device_playback.h"

#include "audio/audio_devices.h"
#include "logging/logging.h"

namespace peregrine::audio {

// Read-only device handed to QAudioSink: its readData is the playback callback.
class DevicePlayback::Reader : public QIODevice {
public:
    explicit Reader(DevicePlayback* owner) : m_owner(owner) {}
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override {
        return m_owner->pendingSamples() * 2 + QIODevice::bytesAvailable();
    }

protected:
    qint64 readData(char* data, qint64 maxlen) override {
        return static_cast<qint64>(
                   m_owner->consume(reinterpret_cast<int16_t*>(data), static_cast<size_t>(maxlen / 2))) *
               2;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    DevicePlayback* m_owner;
};

DevicePlayback::DevicePlayback(QObject* parent) : AudioSink(parent) {
    connect(&m_devices, &QMediaDevices::audioOutputsChanged, this, &DevicePlayback::onDevicesChanged);
}

DevicePlayback::~DevicePlayback() {
    stop();
}

bool DevicePlayback::start() {
    stop();
    const QAudioDevice device = findOutputDevice(m_deviceName);
    if (device.isNull()) {
        fail(m_deviceName.isEmpty()
                 ? tr("No loudspeaker found. Answers are shown as text only.")
                 : tr("Loudspeaker \"%1\" not found. Answers are shown as text only.").arg(m_deviceName));
        return false;
    }
    const QAudioFormat format = appAudioFormat();
    if (!device.isFormatSupported(format)) {
        fail(tr("Loudspeaker \"%1\" cannot play 16 kHz mono audio.").arg(device.description()));
        return false;
    }
    m_deviceId = QString::fromUtf8(device.id());
    m_sink = std::make_unique<QAudioSink>(device, format);
    m_sink->setBufferSize(format.bytesForDuration(60000));  // 60 ms: barge-in silences the speaker quickly
    connect(m_sink.get(), &QAudioSink::stateChanged, this, &DevicePlayback::onStateChanged);
    m_reader = std::make_unique<Reader>(this);
    m_reader->open(QIODevice::ReadOnly);
    m_sink->start(m_reader.get());
    if (m_sink->error() != QAudio::NoError) {
        fail(tr("Cannot open loudspeaker \"%1\".").arg(device.description()));
        return false;
    }
    qCInfo(lcAudio) << "playing to" << device.description();
    return true;
}

void DevicePlayback::stop() {
    if (m_sink) {  // deleteLater: stop() may run inside the sink's own stateChanged emission
        m_sink->disconnect(this);
        m_sink->stop();
        m_sink.release()->deleteLater();
    }
    if (m_reader) m_reader.release()->deleteLater();
}

void DevicePlayback::wakeReader() {
    if (m_reader && m_sink) emit m_reader->readyRead();
}

void DevicePlayback::onStateChanged(QAudio::State state) {
    if (!m_sink || state != QAudio::StoppedState || m_sink->error() == QAudio::NoError) return;
    fail(tr("The loudspeaker stopped working. Answers are shown as text only."));
}

void DevicePlayback::onDevicesChanged() {
    if (!m_sink) return;
    for (const auto& d : QMediaDevices::audioOutputs())
        if (QString::fromUtf8(d.id()) == m_deviceId) return;
    fail(tr("The loudspeaker was disconnected. Answers are shown as text only."));
}

void DevicePlayback::fail(const QString& message) {
    qCWarning(lcAudio) << message;
    stop();
    emit errorOccurred(message);
}

}  // namespace peregrine::audio
