#include "voice/file_voice_runner.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include "audio/file_source.h"
#include "audio/wav_file.h"
#include "tools/tool_set.h"

namespace peregrine::voice {

FileVoiceRunner::FileVoiceRunner(const VoiceConfig& config, AnswerSource* answerer, bool fast,
                                 QObject* parent)
    : QObject(parent), m_config(config), m_answerer(answerer), m_fast(fast) {
    // No acoustic path joins the output file to the input file: an echo reference would only make the
    // canceller suppress the driver's words during barge-in.
    m_config.frontEnd.echoCancellation = false;
}

bool FileVoiceRunner::initialize() {
    m_loop = new VoiceLoop(m_config, this);
    m_sink = new audio::FileSink;
    m_sink->setPace(m_fast ? audio::FileSink::Pace::Fast : audio::FileSink::Pace::RealTime);
    m_loop->setSink(m_sink);
    QStringList errors;
    connect(m_loop, &VoiceLoop::errorOccurred, this, [&errors](const QString& m) { errors << m; });
    const bool ok = m_loop->initialize();
    disconnect(m_loop, &VoiceLoop::errorOccurred, this, nullptr);
    if (!ok) {
        m_error = errors.isEmpty() ? QStringLiteral("voice loop could not start") : errors.join("; ");
        return false;
    }
    if (m_answerer) {
        AnswerSource* answerer = m_answerer;
        // Direct: the answerer stamps the request on this thread and queues it on its own (see queuePrepare).
        connect(
            m_loop, &VoiceLoop::questionReady, this,
            [answerer](int turn, const QString& question) { answerer->queueAsk(turn, question); },
            Qt::DirectConnection);
        connect(m_answerer, &AnswerSource::token, m_loop, &VoiceLoop::appendAnswerText);
        connect(m_answerer, &AnswerSource::finished, m_loop,
                [this](int turn, StopReason) { m_loop->finishAnswer(turn); });
        connect(m_answerer, &AnswerSource::failed, m_loop, &VoiceLoop::failAnswer);
        connect(m_loop, &VoiceLoop::newConversationRequested, m_answerer, &AnswerSource::resetConversation);
        connect(
            m_loop, &VoiceLoop::heardSoFar, this,
            [answerer](int turn, const QString& words, bool whole) {
                answerer->queuePrepare(turn, words, whole);
            },
            Qt::DirectConnection);
        // The system prompt is computed before the first question (as at model load in the app).
        answerer->queuePrepare(0, QString(), false);
        connect(
            m_loop, &VoiceLoop::cancelGenerationRequested, this,
            [answerer](int turn) { answerer->cancel(turn); }, Qt::DirectConnection);
    } else {
        connect(m_loop, &VoiceLoop::questionReady, m_loop,
                [this](int turn) { m_loop->failAnswer(turn, QStringLiteral("no language model")); });
    }
    return true;
}

void FileVoiceRunner::setTools(tools::ToolService* service) {
    if (!m_loop || !service) return;
    tools::ToolRunner* runner = service->runner();
    m_loop->setTools(service->registry(), runner);
    connect(m_loop, &VoiceLoop::toolCallRequested, runner, &tools::ToolRunner::run);
    connect(m_loop, &VoiceLoop::confirmationAnswered, runner, &tools::ToolRunner::answerConfirmation);
    connect(runner, &tools::ToolRunner::finished, m_loop,
            [this](int turn, const tools::ToolCall&, const tools::ToolResult& r) {
                m_loop->speakToolResult(turn, r.say);
            });
    connect(runner, &tools::ToolRunner::notice, m_loop, &VoiceLoop::announce);
    connect(service->scheduler(), &tools::TimerScheduler::alert, m_loop,
            [this](const QString& text) { m_loop->announce(text); });
}

FileRunResult FileVoiceRunner::run(const QString& wavPath, bool pushToTalk, int timeoutMs) {
    auto pcm = audio::readWav16kMono(wavPath.toStdString());
    if (!pcm) {
        FileRunResult r;
        r.error = QString::fromStdString(pcm.message());
        return r;
    }
    return run(pcm.value(), pushToTalk, timeoutMs);
}

FileRunResult FileVoiceRunner::run(const audio::Pcm& samples, bool pushToTalk, int timeoutMs) {
    FileRunResult result;
    if (!m_loop) {
        result.error = QStringLiteral("not initialised");
        return result;
    }
    result.inputMs = audio::samplesToMs(static_cast<int64_t>(samples.size()));
    m_sink->clearRecording();

    QEventLoop events;
    QList<QMetaObject::Connection> links;
    bool stayed = m_stayMs <= 0;
    const auto checkDone = [this, &events, &stayed] {
        if (stayed && m_loop->isInputFinished() && m_loop->state() == VoiceLoop::State::Idle) events.quit();
    };
    links << connect(m_loop, &VoiceLoop::turnFinished, &events,
                     [&result](const VoiceTimings& t) { result.turns << t; });
    links << connect(m_loop, &VoiceLoop::commandRecognized, &events,
                     [&result](int, const QString& c) { result.commands << c; });
    links << connect(m_loop, &VoiceLoop::cancelGenerationRequested, &events,
                     [&result] { ++result.cancelRequests; });
    links << connect(m_loop, &VoiceLoop::stateChanged, &events, checkDone, Qt::QueuedConnection);
    links << connect(m_loop, &VoiceLoop::inputFinished, &events, checkDone, Qt::QueuedConnection);
    links << connect(m_loop, &VoiceLoop::toolCallRequested, &events,
                     [&result](int, const tools::ToolCall& call) { result.toolCalls << call.name; });
    links << connect(m_loop, &VoiceLoop::confirmationAnswered, &events,
                     [&result] { result.toolCalls << QStringLiteral("confirm"); });
    links << connect(m_loop, &VoiceLoop::announcementStarted, &events,
                     [&result](const QString& text) { result.announcements << text; });
    if (!stayed) {
        links << connect(m_loop, &VoiceLoop::inputFinished, &events, [this, &events, &stayed, checkDone] {
            QTimer::singleShot(m_stayMs, &events, [&stayed, checkDone] {
                stayed = true;
                checkDone();
            });
        });
    }
    QTimer::singleShot(timeoutMs, &events, [&events, &result] {
        result.error = QStringLiteral("timed out");
        events.quit();
    });

    auto* source = new audio::FileSource;
    source->setSamples(samples);
    source->setPace(m_fast ? audio::FileSource::Pace::Fast : audio::FileSource::Pace::RealTime);
    source->setTrailingSilenceMs(m_trailingSilenceMs);
    QElapsedTimer wall;
    wall.start();
    if (pushToTalk) m_loop->startListening();  // the turn's clock starts with the file
    m_loop->replaceSource(source);
    events.exec();
    for (const auto& c : links) disconnect(c);
    if (m_loop->state() != VoiceLoop::State::Idle) m_loop->stop();
    result.wallMs = static_cast<double>(wall.nsecsElapsed()) / 1e6;
    result.answerAudio = m_sink->recorded();
    result.ok = result.error.isEmpty();
    return result;
}

}  // namespace peregrine::voice
