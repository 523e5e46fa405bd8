#include "voice/voice_loop.h"

#include <QMetaObject>
#include <algorithm>

#include "speech/pocketsphinx_stt.h"
#include "speech/speech_logging.h"
#include "speech/utterance_shape.h"
#include "tools/tool_registry.h"
#include "tools/tool_runner.h"
#include "voice/tts_worker.h"

namespace peregrine::voice {

using audio::Endpointer;
using audio::kFrameSamples;
using speech::CabCommand;

namespace {
constexpr size_t kRenderTapSamples = audio::kSampleRate * 8;
}  // namespace

VoiceLoop::VoiceLoop(const VoiceConfig& config, QObject* parent)
    : QObject(parent), m_config(config), m_renderTap(kRenderTapSamples), m_endpointer(config.endpointer) {
    qRegisterMetaType<peregrine::voice::VoiceTimings>();
    m_ttsThread.setObjectName(QStringLiteral("peregrine-tts"));
    m_splitter.setFirstClauseChars(config.firstClauseChars);
}

VoiceLoop::~VoiceLoop() {
    if (m_sink) m_sink->setRenderTap(nullptr);
    m_ttsThread.quit();
    m_ttsThread.wait();
}

void VoiceLoop::setSource(audio::AudioSource* source) {
    m_source = source;
    source->setParent(this);
    connect(source, &audio::AudioSource::dataAvailable, this, &VoiceLoop::onDataAvailable);
    connect(source, &audio::AudioSource::finished, this, &VoiceLoop::onInputFinished);
    connect(source, &audio::AudioSource::errorOccurred, this, &VoiceLoop::errorOccurred);
}

bool VoiceLoop::replaceSource(audio::AudioSource* source) {
    if (m_source) {
        m_source->disconnect(this);
        m_source->stop();
        m_source->deleteLater();
    }
    m_inputFinished = false;
    m_preRoll.clear();
    setSource(source);
    return source->start();
}

void VoiceLoop::setSink(audio::AudioSink* sink) {
    m_sink = sink;
    sink->setParent(this);
    sink->setRenderTap(&m_renderTap);
    connect(sink, &audio::AudioSink::firstSamplePlayed, this, &VoiceLoop::onFirstSamplePlayed);
    connect(sink, &audio::AudioSink::drained, this, &VoiceLoop::maybeFinishAnswer);
    connect(sink, &audio::AudioSink::errorOccurred, this, &VoiceLoop::errorOccurred);
}

QString VoiceLoop::stateName(State state) {
    switch (state) {
        case State::Idle:
            return QStringLiteral("idle");
        case State::Listening:
            return QStringLiteral("listening");
        case State::Transcribing:
            return QStringLiteral("transcribing");
        case State::Thinking:
            return QStringLiteral("thinking");
        case State::Speaking:
            return QStringLiteral("speaking");
    }
    return {};
}

bool VoiceLoop::initialize() {
    m_frontEnd = std::make_unique<audio::AudioFrontEnd>(m_config.frontEnd);
    m_frontEnd->setRenderTap(&m_renderTap);
    if (!m_frontEnd->hasWebRtc()) emit errorOccurred(m_frontEnd->errorString());

    m_stt = speech::createSpeechToText(m_config.sttEngine, m_config.stt);
    const bool sttOk = m_stt->isReady();
    if (!sttOk) emit errorOccurred(m_stt->errorString());
    m_wake.setRecognizer(m_stt.get());

    m_tts = new TtsWorker(m_config.tts);
    m_tts->moveToThread(&m_ttsThread);
    connect(&m_ttsThread, &QThread::finished, m_tts, &QObject::deleteLater);
    connect(m_tts, &TtsWorker::synthesized, this, &VoiceLoop::onSynthesized);
    connect(m_tts, &TtsWorker::failed, this, &VoiceLoop::errorOccurred);
    m_ttsThread.start();
    QMetaObject::invokeMethod(m_tts, &TtsWorker::warmUp, Qt::QueuedConnection);

    bool ok = sttOk;
    if (m_sink && !m_sink->start()) ok = false;  // the sink reported why
    if (m_source && !m_source->start()) ok = false;
    return ok;
}

double VoiceLoop::msSinceTurnStart(Clock::time_point t) const {
    return std::chrono::duration<double, std::milli>(t - m_turnStart).count();
}

void VoiceLoop::setState(State state) {
    if (m_state == state) return;
    qCDebug(lcVoice) << "turn" << m_turn << stateName(m_state) << "->" << stateName(state);
    m_state = state;
    // While the assistant answers, the double-talk gate has already let only the driver through: fewer voiced
    // frames start a barge-in than start a question.
    audio::EndpointerOptions endpointer = m_config.endpointer;
    if (state == State::Thinking || state == State::Speaking)
        endpointer.startVoicedMs = std::min(endpointer.startVoicedMs, m_config.bargeInVoicedMs);
    m_endpointer.setOptions(endpointer);
    emit stateChanged(state);
}

void VoiceLoop::onDataAvailable() {
    int16_t frame[kFrameSamples];
    while (m_source && m_source->available() >= static_cast<size_t>(kFrameSamples)) {
        m_source->read(frame, kFrameSamples);
        processFrame(frame);
    }
}

void VoiceLoop::onInputFinished() {
    onDataAvailable();
    m_inputFinished = true;
    if (m_state == State::Listening) {
        if (m_endpointer.inSpeech()) {
            m_timings.endpointMs = msSinceTurnStart();
            transcribe();
        } else {
            if (m_stt) m_stt->cancel();
            finishTurn(false);
        }
    }
    emit inputFinished();
}

void VoiceLoop::processFrame(int16_t* frame) {
    int16_t raw[kFrameSamples];
    std::copy_n(frame, kFrameSamples, raw);
    const bool voiced = m_frontEnd ? m_frontEnd->process(frame) : false;
    // What the recognizer, wake spotter and pre-roll get: the raw microphone, except while the assistant's
    // own voice is reaching it (the echo-cancelled signal then, so it cannot wake or answer itself).
    const bool echo = m_frontEnd && m_frontEnd->farEndActive();
    if (!m_config.recognizeProcessedAudio && !echo) frame = raw;
    const auto now = Clock::now();
    if (m_frontEnd && now - m_lastLevel >= std::chrono::milliseconds(50)) {
        m_lastLevel = now;
        emit levelChanged(m_frontEnd->levelDb());
    }
    m_preRoll.insert(m_preRoll.end(), frame, frame + kFrameSamples);
    const size_t preRollMax = static_cast<size_t>(audio::msToSamples(m_config.preRollMs)) + kFrameSamples;
    while (m_preRoll.size() > preRollMax) m_preRoll.pop_front();

    switch (m_state) {
        case State::Idle:
            handleIdle(frame, voiced);
            break;
        case State::Listening:
            handleListening(frame, m_endpointer.push(voiced), voiced);
            break;
        case State::Transcribing:
            break;
        case State::Thinking:
        case State::Speaking:
            if (m_config.bargeIn && m_endpointer.push(voiced) == Endpointer::Event::SpeechStarted) bargeIn();
            break;
    }
}

void VoiceLoop::handleIdle(const int16_t* frame, bool voiced) {
    if (m_followUp) {
        if (--m_followUpFramesLeft < 0) {
            qCInfo(lcVoice) << "no follow-up question; the window closed";
            closeFollowUp();
        } else if (m_endpointer.push(voiced) == Endpointer::Event::SpeechStarted) {
            qCInfo(lcVoice) << "follow-up question";
            closeFollowUp();
            beginTurn(true);
            emit heardSoFar(m_turn, QString(), false);
            return;
        }
        return;  // the wake phrase is not needed while the window is open
    }
    if (!m_config.wakeWord || !m_wake.push(frame, kFrameSamples)) return;
    qCInfo(lcVoice) << "wake phrase heard";
    beginTurn(false);
}

void VoiceLoop::openFollowUp(int windowMs) {
    if (windowMs <= 0 || m_inputFinished || !m_source) return;
    m_followUp = true;
    m_followUpFramesLeft = std::max(1, windowMs / audio::kFrameMs);
    m_endpointer.reset();
    m_wake.stop();
    emit followUpChanged(true, windowMs);
}

void VoiceLoop::setTools(const tools::ToolRegistry* registry, const tools::ToolRunner* runner) {
    m_tools = registry;
    m_toolRunner = runner;
}

void VoiceLoop::beginToolTurn(const QString& name) {
    m_timings.command = QLatin1String(kToolCommandPrefix) + name;
    qCInfo(lcVoice) << "turn" << m_turn << "tool command" << name;
    m_endpointer.reset();
    if (m_sink) m_sink->armFirstSample();
    setState(State::Thinking);
}

void VoiceLoop::speakToolResult(int turn, const QString& text) {
    if (turn != m_turn || !isAnswering() || m_answerDone) return;
    appendAnswerText(turn, text.isEmpty() ? QStringLiteral("Done.") : text);
    finishAnswer(turn);
}

void VoiceLoop::closeFollowUp() {
    if (!m_followUp) return;
    m_followUp = false;
    emit followUpChanged(false, 0);
}

void VoiceLoop::resetTurn() {
    closeFollowUp();
    m_wake.stop();
    m_announcing = false;
    ++m_turn;
    m_turnStart = Clock::now();
    m_timings = VoiceTimings{};
    m_timings.turn = m_turn;
    m_framesInTurn = 0;
    m_lastPartialMs = 0;
    m_answerText.clear();
    m_answerDone = false;
    m_sentencesRequested = m_sentencesDone = 0;
    m_answerTokens = 0;
    m_turnAudio.clear();
    m_splitter.reset();
    if (m_tts) m_tts->setCurrentTurn(m_turn);
}

void VoiceLoop::beginTurn(bool alreadyInSpeech) {
    resetTurn();
    if (!alreadyInSpeech) m_endpointer.reset();
    setState(State::Listening);
    if (alreadyInSpeech && m_stt && m_stt->begin(speech::SpeechToText::Mode::Dictation)) {
        const std::vector<int16_t> pre(m_preRoll.begin(), m_preRoll.end());
        m_stt->feed(pre.data(), pre.size());
        m_timings.speechEndMs = 0;
    }
}

void VoiceLoop::startListening() {
    if (isAnswering()) {
        bargeIn();
        return;
    }
    if (m_state != State::Idle) return;
    beginTurn(false);
}

void VoiceLoop::handleListening(const int16_t* frame, Endpointer::Event event, bool voiced) {
    ++m_framesInTurn;
    const double nowMs = msSinceTurnStart();
    if (event == Endpointer::Event::SpeechStarted) {
        if (m_stt && m_stt->begin(speech::SpeechToText::Mode::Dictation)) {
            const std::vector<int16_t> pre(m_preRoll.begin(), m_preRoll.end());  // includes this frame
            m_stt->feed(pre.data(), pre.size());
        }
        m_timings.speechEndMs = nowMs;
        emit heardSoFar(m_turn, QString(),
                        false);  // the history (last answer included) while the driver speaks
        return;
    }
    if (m_endpointer.inSpeech() || event == Endpointer::Event::SpeechEnded) {
        if (m_stt) m_stt->feed(frame, kFrameSamples);
        if (voiced) m_timings.speechEndMs = nowMs;
        const bool quick = event != Endpointer::Event::SpeechEnded && !voiced && endsEarly(nowMs);
        if (event == Endpointer::Event::SpeechEnded || quick) {
            m_timings.endpointMs = nowMs;
            // The answerer computes the whole prompt with these words while the final pass runs: most
            // often they are the final transcript and the answer starts at once.
            const QString words = quick ? m_lastHeard : (m_stt ? m_stt->partial() : QString());
            if (!words.isEmpty()) emit heardSoFar(m_turn, words, true);
            transcribe();
            return;
        }
        if (m_stt && nowMs - m_lastPartialMs >= m_config.partialIntervalMs) {
            m_lastPartialMs = nowMs;
            const QString words = m_stt->partial();
            if (!words.isEmpty()) {
                emit partialTranscript(words);
                emit heardSoFar(m_turn, words, false);
            }
        }
        return;
    }
    if (m_framesInTurn * audio::kFrameMs >= m_config.listenTimeoutMs) {
        qCInfo(lcVoice) << "no speech heard; back to idle";
        finishTurn(false);
    }
}

bool VoiceLoop::endsEarly(double nowMs) {
    if (m_config.quickEndMs <= 0 || !m_stt) return false;
    const int64_t quickFrames = std::max(1, m_config.quickEndMs / audio::kFrameMs);
    if (m_endpointer.silentFrames() != quickFrames) return false;  // once per pause
    const QString words = m_stt->partial();
    m_lastHeard = words;
    if (!speech::soundsComplete(words)) {
        qCDebug(lcVoice) << "turn" << m_turn << "pause after an unfinished request:" << words;
        return false;
    }
    qCInfo(lcVoice) << "turn" << m_turn << "complete question after a" << m_config.quickEndMs
                    << "ms pause:" << words << "at" << nowMs << "ms";
    m_endpointer.endNow();
    return true;
}

void VoiceLoop::transcribe() {
    setState(State::Transcribing);
    const QString text = m_stt ? m_stt->finish() : QString();
    CabCommand command = m_commands.match(text);
    // A tool waiting for a spoken yes takes the whole transcript; else a direct tool command, before the
    // keyphrase pass (which could hear "stop" in "stop the timer").
    const bool confirmation = command == CabCommand::None && !text.isEmpty() && m_toolRunner &&
                              m_toolRunner->awaitingConfirmation();
    std::optional<tools::ToolCall> toolCall;
    if (command == CabCommand::None && !confirmation && m_tools && !text.isEmpty())
        toolCall = m_tools->matchCommand(text);
    if (command == CabCommand::None && !confirmation && !toolCall && m_stt && m_commands.maySpot(text)) {
        // A short utterance that is no command as transcribed may be a command misheard in noise.
        const QString spotted = m_stt->spotCommand();
        command = m_commands.matchSpotted(text, spotted);
        if (command != CabCommand::None)
            qCInfo(lcVoice) << "turn" << m_turn << "command" << spotted << "spotted in" << text;
    }
    m_timings.transcriptMs = msSinceTurnStart();
    m_timings.transcript = text;
    qCInfo(lcVoice) << "turn" << m_turn << "heard" << text << "speech end" << m_timings.speechEndMs << "ms";
    emit transcriptReady(m_turn, text);
    if (text.isEmpty()) {
        finishTurn(false);
        return;
    }
    if (command != CabCommand::None) {
        executeCommand(command);
        return;
    }
    if (confirmation) {
        beginToolTurn(QStringLiteral("confirm"));
        emit confirmationAnswered(m_turn, text);
        return;
    }
    if (toolCall) {
        beginToolTurn(toolCall->name);
        emit toolCallRequested(m_turn, *toolCall);
        return;
    }
    m_endpointer.reset();
    if (m_sink) m_sink->armFirstSample();
    setState(State::Thinking);
    emit questionReady(m_turn, text);
}

void VoiceLoop::executeCommand(CabCommand command) {
    const QString name = speech::cabCommandName(command);
    m_timings.command = name;
    m_timings.answer = name;
    qCInfo(lcVoice) << "cab command" << name;
    emit commandRecognized(m_turn, name);
    switch (command) {
        case CabCommand::Stop:
            stop();
            return;
        case CabCommand::Louder:
        case CabCommand::Quieter:
            if (m_sink) {
                const double step =
                    command == CabCommand::Louder ? m_config.volumeStep : -m_config.volumeStep;
                setVolume(m_sink->volume() + step);
            }
            break;
        case CabCommand::NewConversation:
            m_lastAnswerAudio.clear();
            m_lastAnswerText.clear();
            emit newConversationRequested();
            break;
        case CabCommand::Repeat:
            if (m_sink && !m_lastAnswerAudio.empty()) {
                m_endpointer.reset();
                m_sink->armFirstSample();
                m_answerDone = true;
                m_timings.answer = m_lastAnswerText;
                setState(State::Speaking);
                m_sink->enqueue(m_lastAnswerAudio);
                return;
            }
            break;
        case CabCommand::None:
            break;
    }
    finishTurn(false);
}

void VoiceLoop::stop() {
    closeFollowUp();
    if (m_sink) m_sink->discard();
    m_pendingAnnouncements.clear();
    if (isAnswering() && !m_announcing) emit cancelGenerationRequested(m_turn);
    if (m_stt && (m_state == State::Listening || m_state == State::Transcribing)) m_stt->cancel();
    if (m_tts) m_tts->setCurrentTurn(m_turn + 1);
    m_endpointer.reset();
    if (m_state != State::Idle) finishTurn(m_timings.command.isEmpty());
}

void VoiceLoop::setVolume(double volume) {
    if (!m_sink) return;
    m_sink->setVolume(static_cast<float>(volume));
    emit volumeChanged(m_sink->volume());
}

void VoiceLoop::appendAnswerText(int turn, const QString& text) {
    if (turn != m_turn || !isAnswering() || m_answerDone || text.isEmpty()) return;
    if (m_timings.firstTokenMs < 0) m_timings.firstTokenMs = msSinceTurnStart();
    m_answerText += text;
    ++m_answerTokens;
    for (const QString& s : m_splitter.push(text)) requestSentence(s);
    if (m_config.firstSentenceAfterTokens > 0 && m_sentencesRequested == 0 &&
        m_answerTokens >= m_config.firstSentenceAfterTokens) {
        const QString forced = m_splitter.cutNow();
        if (!forced.isEmpty()) {
            m_timings.firstSentenceForced = true;
            requestSentence(forced);
        }
    }
}

void VoiceLoop::finishAnswer(int turn) {
    if (turn != m_turn || !isAnswering() || m_answerDone) return;
    for (const QString& s : m_splitter.flush()) requestSentence(s);
    m_answerDone = true;
    maybeFinishAnswer();
}

void VoiceLoop::failAnswer(int turn, const QString& message) {
    if (turn != m_turn || !isAnswering()) return;
    emit errorOccurred(message);
    // Nothing said yet (the question was refused: answers paused for heat, no model loaded): the driver is
    // not looking at the screen, so the reason is spoken rather than left as silence.
    if (m_sentencesRequested == 0 && !message.isEmpty()) {
        qCInfo(lcVoice) << "question refused, saying why:" << message;
        requestSentence(message);
    }
    m_answerDone = true;
    maybeFinishAnswer();
}

void VoiceLoop::requestSentence(const QString& sentence) {
    if (m_sentencesRequested == 0) m_timings.firstSentenceMs = msSinceTurnStart();
    emit sentenceReady(m_turn, sentence);
    const int index = m_sentencesRequested++;
    QMetaObject::invokeMethod(m_tts, "synthesize", Qt::QueuedConnection, Q_ARG(int, m_turn),
                              Q_ARG(int, index), Q_ARG(QString, sentence));
}

void VoiceLoop::onSynthesized(int turn, int index, const QByteArray& pcm, bool last) {
    if (turn != m_turn || !isAnswering()) return;
    if (last) ++m_sentencesDone;
    const auto* samples = reinterpret_cast<const int16_t*>(pcm.constData());
    const size_t count = static_cast<size_t>(pcm.size() / 2);
    if (count > 0 && m_sink) {
        m_turnAudio.insert(m_turnAudio.end(), samples, samples + count);
        m_sink->enqueue(samples, count);
        setState(State::Speaking);
    }
    Q_UNUSED(index);
    maybeFinishAnswer();
}

void VoiceLoop::onFirstSamplePlayed() {
    if (!isAnswering() || m_timings.firstAudioMs >= 0) return;
    m_timings.firstAudioMs = msSinceTurnStart(m_sink->firstSampleTime());
    qCInfo(lcVoice) << "turn" << m_turn << "first audio at" << m_timings.firstAudioMs << "ms ("
                    << m_timings.speechToAudioMs() << "ms after end of speech)";
}

void VoiceLoop::maybeFinishAnswer() {
    if (!isAnswering() || !m_answerDone || m_sentencesDone < m_sentencesRequested) return;
    if (m_sink && !m_sink->isIdle()) return;
    // A short reply can be played out before the sink's queued firstSamplePlayed() arrives: take the time
    // the sink recorded (zero when nothing was played this turn).
    if (m_sink && m_timings.firstAudioMs < 0 && m_sink->firstSampleTime().time_since_epoch().count() != 0)
        onFirstSamplePlayed();
    if ((m_timings.command.isEmpty() || m_timings.command.startsWith(QLatin1String(kToolCommandPrefix))) &&
        !m_announcing) {
        m_lastAnswerAudio = m_turnAudio;
        m_lastAnswerText = m_answerText;
        m_timings.answer = m_answerText;
    }
    finishTurn(false);
}

void VoiceLoop::bargeIn() {
    const int cancelled = m_turn;
    qCInfo(lcVoice) << "barge-in: stopping turn" << cancelled;
    if (m_sink) m_sink->discard();
    if (!m_announcing) emit cancelGenerationRequested(cancelled);
    emit bargeInDetected(cancelled);
    if (m_timings.command.isEmpty()) m_timings.answer = m_answerText;
    finishTurn(true);
    beginTurn(m_endpointer.inSpeech());
}

void VoiceLoop::finishTurn(bool cancelled) {
    m_timings.cancelled = cancelled;
    const VoiceTimings done = m_timings;
    const bool announcement = m_announcing;
    m_announcing = false;
    setState(State::Idle);
    if (announcement) {
        qCInfo(lcVoice) << "turn" << done.turn
                        << (cancelled ? "announcement interrupted" : "announcement played");
        emit announcementFinished(done.answer, cancelled);
    } else {
        emit turnFinished(done);
        // A follow-up may come without the wake word; not after a stop, a command or a turn with no answer.
        // A tool's question ("... Say yes to confirm.") listens for the answer the same way, for as long as
        // the runner waits.
        if (!cancelled && m_toolRunner && m_toolRunner->awaitingConfirmation())
            openFollowUp(std::max(m_config.followUpMs, m_toolRunner->confirmationTimeout()));
        else if (!cancelled && done.command.isEmpty() && !done.answer.isEmpty() &&
                 m_pendingAnnouncements.isEmpty())
            openFollowUp(m_config.followUpMs);
    }
    // Queued: a barge-in goes on from here into a new Listening turn, which the next notice waits for.
    if (!m_pendingAnnouncements.isEmpty())
        QMetaObject::invokeMethod(this, &VoiceLoop::startAnnouncement, Qt::QueuedConnection);
}

void VoiceLoop::announce(const QString& text) {
    const QString notice = text.simplified();
    if (notice.isEmpty()) return;
    if (!m_sink || !m_sink->isActive() || !m_tts) {
        qCInfo(lcVoice).noquote() << "announcement not spoken (no loudspeaker):" << notice;
        return;
    }
    m_pendingAnnouncements << notice;
    if (isAnswering() && !m_announcing) {
        qCInfo(lcVoice) << "announcement stops the answer of turn" << m_turn;
        m_sink->discard();
        emit cancelGenerationRequested(m_turn);
        if (m_timings.command.isEmpty()) m_timings.answer = m_answerText;
        finishTurn(true);
    }
    startAnnouncement();  // waits while the driver is speaking or another notice plays
}

void VoiceLoop::startAnnouncement() {
    if (m_state != State::Idle || m_pendingAnnouncements.isEmpty()) return;
    const QString notice = m_pendingAnnouncements.takeFirst();
    resetTurn();
    m_announcing = true;
    m_answerText = notice;
    m_timings.answer = notice;
    m_answerDone = true;   // the whole text is known: finished once its audio has played
    m_endpointer.reset();  // barge-in listens from here
    qCInfo(lcVoice).noquote() << "turn" << m_turn << "announcement:" << notice;
    emit announcementStarted(notice);
    setState(State::Speaking);
    QStringList sentences = m_splitter.push(notice);
    sentences += m_splitter.flush();
    for (const QString& s : sentences) requestSentence(s);
    maybeFinishAnswer();  // nothing to say (no sentence): back to Idle
}

}  // namespace peregrine::voice
