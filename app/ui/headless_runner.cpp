#include "ui/headless_runner.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QQuickWindow>
#include <cstdio>

#include "logging/logging.h"
#include "storage/storage_service.h"
#include "ui/app_controller.h"

namespace peregrine {

HeadlessRunner::HeadlessRunner(QQuickWindow* window, AppController* app, const HeadlessOptions& options,
                               QObject* parent)
    : QObject(parent), m_window(window), m_app(app), m_options(options), m_frames(window) {
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(options.timeoutSec * 1000);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        std::fprintf(stderr, "peregrine: timed out after %d s\n", m_options.timeoutSec);
        finish(3);
    });
}

bool HeadlessRunner::active() const {
    return !m_options.ask.isEmpty() || !m_options.screenshotPath.isEmpty() || m_options.quitAfterAnswer;
}

void HeadlessRunner::start() {
    if (!active()) return;
    m_timeout.start();
    ConversationController* c = m_app->conversation();
    connect(c, &ConversationController::answerCompleted, this, &HeadlessRunner::onAnswer);
    connect(c, &ConversationController::modelLoaded, this, [this] { onModelReady(); });
    // The start-up model goes through the switcher: a model that fails verification or loading ends up here.
    connect(m_app->settings()->switcher(), &ModelSwitcher::switchFailed, this,
            [this](const QString& path, const QString& reason) {
                if (!m_app->conversation()->modelReady() && !m_app->settings()->switcher()->busy())
                    onLoadFailed(path, reason);
            });
    if (c->modelReady()) QTimer::singleShot(0, this, &HeadlessRunner::onModelReady);
    // No model at all: once the scan found nothing to load, capture the "add a model" screen.
    connect(m_app->settings()->models(), &ModelListModel::scanFinished, this, [this] {
        QTimer::singleShot(200, this, [this] {
            ConversationController* c = m_app->conversation();
            if (!c->modelReady() && !c->modelLoading() && !m_app->settings()->switcher()->busy()) {
                std::fprintf(stderr, "peregrine: no model to answer with (models folder: %s)\n",
                             qPrintable(m_app->settings()->modelsDir()));
                settleThenFinish(m_options.ask.isEmpty() ? 0 : 1);
            }
        });
    });
}

void HeadlessRunner::onModelReady() {
    if (m_asked || m_finishing) return;
    m_asked = true;
    if (m_options.ask.isEmpty()) {
        settleThenFinish(0);
        return;
    }
    // Let the first frames render, then ask.
    QTimer::singleShot(300, this, [this] {
        if (m_options.frameStats) m_frames.start();
        qCInfo(lcApp) << "asking:" << m_options.ask;
        if (!m_app->conversation()->send(m_options.ask)) {
            std::fprintf(stderr, "peregrine: cannot ask: %s\n", qPrintable(m_app->conversation()->error()));
            finish(1);
        }
    });
}

void HeadlessRunner::onLoadFailed(const QString& path, const QString& reason) {
    std::fprintf(stderr, "peregrine: model %s did not load: %s\n", qPrintable(path), qPrintable(reason));
    QTimer::singleShot(1500, this, [this] {  // a fallback load may follow
        if (!m_app->conversation()->modelReady() && !m_app->conversation()->modelLoading() &&
            !m_app->settings()->switcher()->busy())
            settleThenFinish(m_options.ask.isEmpty() ? 0 : 1);
    });
}

void HeadlessRunner::onAnswer(qint64 messageId, bool stored, StopReason stopReason) {
    if (m_options.frameStats) {
        m_frames.stop();
        const FrameIntervalSummary s = m_frames.summary();
        std::printf("frame-stats: %s\n", qPrintable(s.text()));
    }
    const bool answered = stored && stopReason != StopReason::Error && stopReason != StopReason::Cancelled;
    auto conclude = [this, stopReason](bool ok) {
        if (!ok)
            std::fprintf(stderr, "peregrine: no stored answer (stop reason '%s')\n",
                         qPrintable(stopReasonName(stopReason)));
        if (m_options.quitAfterAnswer || !m_options.screenshotPath.isEmpty()) settleThenFinish(ok ? 0 : 1);
    };
    if (!answered) {
        conclude(false);
        return;
    }
    // Read back on the storage thread (the UI thread never calls SQLite).
    const qint64 conversationId = m_app->conversation()->conversationId();
    m_app->storage()->request<QList<MessageRecord>>(
        this, [conversationId](Database& db) { return db.messages(conversationId); },
        [this, messageId, conclude](const QList<MessageRecord>& rows) {
            conclude(verifyStored(rows, messageId));
        });
}

bool HeadlessRunner::verifyStored(const QList<MessageRecord>& rows, qint64 messageId) {
    for (const MessageRecord& m : rows) {
        if (m.id != messageId) continue;
        std::printf("answer: %s\n", qPrintable(m.text.simplified().left(200)));
        std::printf(
            "stored: message %lld, %d prompt tokens, %d generated, ttft %.1f ms, prompt %.1f tok/s, "
            "decode %.1f tok/s, stop %s\n",
            static_cast<long long>(m.id), m.promptTokens.value_or(-1), m.generatedTokens.value_or(-1),
            m.ttftMs.value_or(-1), m.promptTokPerSec.value_or(-1), m.decodeTokPerSec.value_or(-1),
            qPrintable(stopReasonName(m.stopReason)));
        std::fflush(stdout);
        return !m.text.trimmed().isEmpty() && m.ttftMs.has_value();
    }
    return false;
}

void HeadlessRunner::settleThenFinish(int exitCode) {
    if (m_finishing) return;
    m_finishing = true;
    VoiceController* voice = m_app->voice();
    if (voice && voice->starting()) {  // capture the talk button ready or with its reason, not "starting"
        connect(voice, &VoiceController::availableChanged, this, [this, voice, exitCode] {
            if (voice->starting()) return;
            disconnect(voice, &VoiceController::availableChanged, this, nullptr);
            QTimer::singleShot(m_options.settleMs, this, [this, exitCode] { finish(exitCode); });
        });
        return;
    }
    QTimer::singleShot(m_options.settleMs, this, [this, exitCode] { finish(exitCode); });
}

void HeadlessRunner::finish(int exitCode) {
    m_finishing = true;
    if (!m_options.screenshotPath.isEmpty()) {
        const QImage image = m_window->grabWindow();
        const QString path = QFileInfo(m_options.screenshotPath).absoluteFilePath();
        QDir().mkpath(QFileInfo(path).absolutePath());
        if (image.isNull() || !image.save(path)) {
            std::fprintf(stderr, "peregrine: cannot save the screenshot to %s\n", qPrintable(path));
            if (exitCode == 0) exitCode = 2;
        } else {
            std::printf("screenshot: %s (%dx%d)\n", qPrintable(path), image.width(), image.height());
        }
    }
    std::fflush(stdout);
    QCoreApplication::exit(exitCode);
}

}  // namespace peregrine
