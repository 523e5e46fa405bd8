#include "ui/voice_controller.h"

#include <QMetaObject>
#include <algorithm>

#include "audio/device_capture.h"
#include "audio/device_playback.h"
#include "logging/logging.h"
#include "tools/tool_set.h"

namespace peregrine {

VoiceController::VoiceController(QObject* parent) : QObject(parent) {
    m_thread.setObjectName(QStringLiteral("voice"));
}

VoiceController::~VoiceController() {
    if (m_loop) QMetaObject::invokeMethod(m_loop, &voice::VoiceLoop::stop, Qt::QueuedConnection);
    m_thread.quit();
    m_thread.wait();  // the loop is deleted there (finished -> deleteLater)
}

void VoiceController::start(voice::VoiceLoop* loop, std::function<void(voice::VoiceLoop*)> prepare) {
    if (m_loop || !loop) return;
    m_loop = loop;
    m_starting = true;
    emit availableChanged();
    using voice::VoiceLoop;
    connect(loop, &VoiceLoop::stateChanged, this, &VoiceController::onState, Qt::QueuedConnection);
    connect(loop, &VoiceLoop::levelChanged, this, &VoiceController::onLevel, Qt::QueuedConnection);
    connect(loop, &VoiceLoop::partialTranscript, this, &VoiceController::onWords, Qt::QueuedConnection);
    connect(
        loop, &VoiceLoop::transcriptReady, this, [this](int, const QString& text) { onWords(text); },
        Qt::QueuedConnection);
    connect(loop, &VoiceLoop::errorOccurred, this, &VoiceController::onError, Qt::QueuedConnection);
    connect(
        loop, &VoiceLoop::volumeChanged, this,
        [this](double v) {
            m_volume = v;
            emit volumeChanged();
        },
        Qt::QueuedConnection);
    connect(
        loop, &VoiceLoop::followUpChanged, this,
        [this](bool active, int windowMs) {
            if (active == m_followUp && windowMs == m_followUpMs) return;
            m_followUp = active;
            m_followUpMs = windowMs;
            emit followUpChanged();
        },
        Qt::QueuedConnection);
    loop->setParent(nullptr);
    loop->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, loop, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(loop, [this, loop, prepare = std::move(prepare)] {
        if (prepare) prepare(loop);
        const bool ok = loop->initialize();
        QMetaObject::invokeMethod(
            this, [this, ok] { onInitialized(ok); }, Qt::QueuedConnection);
    });
}

void VoiceController::startWithDevices(const voice::VoiceConfig& config) {
    start(new voice::VoiceLoop(config),
          [input = config.inputDevice, output = config.outputDevice](auto* loop) {
              auto* capture = new audio::DeviceCapture;
              capture->setDeviceName(input);
              auto* playback = new audio::DevicePlayback;
              playback->setDeviceName(output);
              loop->setSource(capture);
              loop->setSink(playback);
          });
}

void VoiceController::setDisabled(const QString& reason) {
    m_disabledReason = reason;
    emit availableChanged();
}

QString VoiceController::reason() const {
    if (m_available) return {};
    if (!m_disabledReason.isEmpty()) return m_disabledReason;
    if (m_starting) return tr("Starting voice…");
    if (!m_error.isEmpty()) return m_error;
    return tr("Voice is not available");
}

void VoiceController::onInitialized(bool ok) {
    m_starting = false;
    m_available = ok;
    if (ok)
        qCInfo(lcAudio) << "voice ready";
    else
        qCWarning(lcAudio) << "voice unavailable:" << m_error;
    emit availableChanged();
    emit initialized(ok);
}

void VoiceController::talk() {
    if (!m_loop || !m_available) return;
    clearError();
    QMetaObject::invokeMethod(m_loop, &voice::VoiceLoop::startListening, Qt::QueuedConnection);
}

void VoiceController::stop() {
    if (m_loop) QMetaObject::invokeMethod(m_loop, &voice::VoiceLoop::stop, Qt::QueuedConnection);
}

void VoiceController::setVolume(double volume) {
    if (m_loop)
        QMetaObject::invokeMethod(
            m_loop, [loop = m_loop, volume] { loop->setVolume(volume); }, Qt::QueuedConnection);
}

void VoiceController::connectTools(tools::ToolService* service) {
    if (!m_loop || !service) return;
    voice::VoiceLoop* loop = m_loop;
    tools::ToolRunner* runner = service->runner();
    const tools::ToolRegistry* registry = service->registry();
    QMetaObject::invokeMethod(loop, [loop, registry, runner] { loop->setTools(registry, runner); });
    connect(loop, &voice::VoiceLoop::toolCallRequested, runner, &tools::ToolRunner::run);
    connect(loop, &voice::VoiceLoop::confirmationAnswered, runner, &tools::ToolRunner::answerConfirmation);
    connect(runner, &tools::ToolRunner::finished, loop,
            [loop](int turn, const tools::ToolCall&, const tools::ToolResult& r) {
                loop->speakToolResult(turn, r.say);
            });
    connect(runner, &tools::ToolRunner::notice, loop, &voice::VoiceLoop::announce);
    connect(service->scheduler(), &tools::TimerScheduler::alert, loop,
            [loop](const QString& text) { loop->announce(text); });
}

void VoiceController::announce(const QString& text) {
    if (!m_loop) {
        qCInfo(lcAudio).noquote() << "voice is off; notice not spoken:" << text;
        return;
    }
    QMetaObject::invokeMethod(
        m_loop, [loop = m_loop, text] { loop->announce(text); }, Qt::QueuedConnection);
}

void VoiceController::clearError() {
    if (m_error.isEmpty() || !m_available) return;  // while unavailable the error is the reason
    m_error.clear();
    emit errorChanged();
}

void VoiceController::onState(voice::VoiceLoop::State state) {
    if (state == m_state) return;
    m_state = state;
    if (state == voice::VoiceLoop::State::Listening) onWords({});
    if (state != voice::VoiceLoop::State::Listening && m_level != 0) {
        m_level = 0;
        emit levelChanged();
    }
    emit stateChanged();
}

void VoiceController::onLevel(double dbfs) {
    const double level = std::clamp((dbfs + 60.0) / 60.0, 0.0, 1.0);
    if (level == m_level) return;
    m_level = level;
    emit levelChanged();
}

void VoiceController::onWords(const QString& words) {
    if (words == m_words) return;
    m_words = words;
    emit wordsChanged();
}

void VoiceController::onError(const QString& message) {
    qCWarning(lcAudio) << "voice:" << message;
    if (message == m_error) return;
    m_error = message;
    emit errorChanged();
    if (!m_available) emit availableChanged();  // the reason shown beside the talk button
}

}  // namespace peregrine
