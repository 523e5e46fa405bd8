#include "audio/device_capture.h"

#include "audio/audio_devices.h"
#include "logging/logging.h"

namespace peregrine::audio {

namespace {
constexpr size_t kRingSamples = kSampleRate * 2;
}

// Write-only device handed to QAudioSource: its writeData is the capture callback.
class DeviceCapture::Writer : public QIODevice {
public:
    explicit Writer(DeviceCapture* owner) : m_owner(owner) {}

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 len) override {
        // Int16 mono: copy whole samples only (Qt hands whole frames).
        m_owner->push(reinterpret_cast<const int16_t*>(data), static_cast<size_t>(len / 2));
        return len;
    }

private:
    DeviceCapture* m_owner;
};

DeviceCapture::DeviceCapture(QObject* parent) : AudioSource(kRingSamples, parent) {
    connect(&m_devices, &QMediaDevices::audioInputsChanged, this, &DeviceCapture::onDevicesChanged);
}

DeviceCapture::~DeviceCapture() {
    stop();
}

bool DeviceCapture::start() {
    stop();
    const QAudioDevice device = findInputDevice(m_deviceName);
    if (device.isNull()) {
        fail(m_deviceName.isEmpty()
                 ? tr("No microphone found. Voice input is off; text input still works.")
                 : tr("Microphone \"%1\" not found. Voice input is off; text input still works.")
                       .arg(m_deviceName));
        return false;
    }
    const QAudioFormat format = appAudioFormat();
    if (!device.isFormatSupported(format)) {
        fail(tr("Microphone \"%1\" cannot record 16 kHz mono audio.").arg(device.description()));
        return false;
    }
    m_deviceId = QString::fromUtf8(device.id());
    m_source = std::make_unique<QAudioSource>(device, format);
    m_source->setBufferSize(format.bytesForDuration(40000));  // 40 ms: low latency for end-of-speech
    connect(m_source.get(), &QAudioSource::stateChanged, this, &DeviceCapture::onStateChanged);
    m_writer = std::make_unique<Writer>(this);
    m_writer->open(QIODevice::WriteOnly);
    m_source->start(m_writer.get());
    if (m_source->error() != QAudio::NoError) {
        fail(tr("Cannot open microphone \"%1\".").arg(device.description()));
        return false;
    }
    qCInfo(lcAudio) << "capturing from" << device.description();
    return true;
}

void DeviceCapture::stop() {
    // deleteLater: stop() may run inside the source's own stateChanged emission.
    if (m_source) {
        m_source->disconnect(this);
        m_source->stop();
        m_source.release()->deleteLater();
    }
    if (m_writer) m_writer.release()->deleteLater();
}

void DeviceCapture::onStateChanged(QAudio::State state) {
    if (!m_source || state != QAudio::StoppedState || m_source->error() == QAudio::NoError) return;
    fail(tr("The microphone stopped working (%1). Voice input is off; text input still works.")
             .arg(m_source->error() == QAudio::OpenError ? tr("cannot open") : tr("device error")));
}

void DeviceCapture::onDevicesChanged() {
    if (!m_source) return;
    for (const auto& d : QMediaDevices::audioInputs())
        if (QString::fromUtf8(d.id()) == m_deviceId) return;
    fail(tr("The microphone was disconnected. Voice input is off; text input still works."));
}

void DeviceCapture::fail(const QString& message) {
    qCWarning(lcAudio) << message;
    stop();
    emit errorOccurred(message);
}

}  // namespace peregrine::audio
