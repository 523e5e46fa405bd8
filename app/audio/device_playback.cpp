#include "audio/device_playback.h"

#include <QAudioSink>
#include <algorithm>

#include "audio/audio_devices.h"
#include "logging/logging.h"

namespace peregrine::audio {

// Read-only device handed to QAudioSink: its readData is the playback callback (speaker thread).
class DevicePlayback::Reader : public QIODevice {
public:
    explicit Reader(DevicePlayback* owner) : m_owner(owner) {}
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override {  // silence is always there
        return std::max<qint64>(m_owner->pendingSamples() * 2, 1 << 16) + QIODevice::bytesAvailable();
    }

protected:
    qint64 readData(char* data, qint64 maxlen) override {
        return static_cast<qint64>(m_owner->consumeOrSilence(reinterpret_cast<int16_t*>(data),
                                                             static_cast<size_t>(maxlen / 2))) *
               2;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    DevicePlayback* m_owner;
};

// The QAudioSink and its reader, on the speaker thread; open() and close() run there.
class DevicePlayback::Stream : public QObject {
public:
    explicit Stream(DevicePlayback* owner) : m_owner(owner) {}

    bool open(const QAudioDevice& device) {
        close();
        const QAudioFormat format = appAudioFormat();
        m_sink = std::make_unique<QAudioSink>(device, format);
        // 60 ms: barge-in silences the speaker quickly; this thread does nothing else, so it is fed on time.
        m_sink->setBufferSize(format.bytesForDuration(60000));
        connect(m_sink.get(), &QAudioSink::stateChanged, this, [this](QAudio::State state) {
            if (m_sink && state == QAudio::StoppedState && m_sink->error() != QAudio::NoError)
                QMetaObject::invokeMethod(m_owner, &DevicePlayback::onStreamFailed, Qt::QueuedConnection);
        });
        m_reader = std::make_unique<Reader>(m_owner);
        // Unbuffered: QIODevice's own read buffer would pull 16 KB (half a second) ahead of the device, out of
        // reach of a barge-in's discard() and ahead of the echo reference.
        m_reader->open(QIODevice::ReadOnly | QIODevice::Unbuffered);
        m_sink->start(m_reader.get());
        return m_sink->error() == QAudio::NoError;
    }
    void close() {
        if (m_sink) {
            m_sink->disconnect(this);
            m_sink->stop();
            m_sink.reset();
        }
        m_reader.reset();
    }

private:
    DevicePlayback* m_owner;
    std::unique_ptr<QAudioSink> m_sink;
    std::unique_ptr<Reader> m_reader;
};

DevicePlayback::DevicePlayback(QObject* parent) : AudioSink(parent) {
    connect(&m_devices, &QMediaDevices::audioOutputsChanged, this, &DevicePlayback::onDevicesChanged);
    m_thread.setObjectName(QStringLiteral("peregrine-speaker"));
    m_thread.start(QThread::TimeCriticalPriority);
    m_stream = new Stream(this);
    m_stream->moveToThread(&m_thread);
}

DevicePlayback::~DevicePlayback() {
    stop();
    QMetaObject::invokeMethod(
        m_stream, [this] { delete m_stream; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
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
    if (!device.isFormatSupported(appAudioFormat())) {
        fail(tr("Loudspeaker \"%1\" cannot play 16 kHz mono audio.").arg(device.description()));
        return false;
    }
    m_deviceId = QString::fromUtf8(device.id());
    bool opened = false;
    QMetaObject::invokeMethod(
        m_stream, [&] { opened = m_stream->open(device); }, Qt::BlockingQueuedConnection);
    if (!opened) {
        fail(tr("Cannot open loudspeaker \"%1\".").arg(device.description()));
        return false;
    }
    m_active = true;
    qCInfo(lcAudio) << "playing to" << device.description();
    return true;
}

void DevicePlayback::stop() {
    if (!m_active) return;
    m_active = false;
    QMetaObject::invokeMethod(
        m_stream, [this] { m_stream->close(); }, Qt::BlockingQueuedConnection);
}

void DevicePlayback::onStreamFailed() {
    if (m_active) fail(tr("The loudspeaker stopped working. Answers are shown as text only."));
}

void DevicePlayback::onDevicesChanged() {
    if (!m_active) return;
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
