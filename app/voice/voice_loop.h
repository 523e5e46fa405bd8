// VoiceLoop: the conversation's voice state machine, headless (the CLI, bench and tests drive it with files;
// ConversationController drives the same object with the microphone and loudspeaker).
//
//   Idle -> Listening -> Transcribing -> Thinking -> Speaking -> Idle
//
// Idle: the front end runs (level meter, echo canceller adapting); with wakeWord on, the wake phrase is
// spotted. Right after a spoken answer, for followUpMs, speech alone starts the next turn (a follow-up
// question needs no wake word or button); followUpChanged() tells the screen.
// Listening: push-to-talk, wake word, barge-in or a follow-up started a turn; speech is streamed into the
//   recognizer as it is spoken; the endpointer waits for the end-of-speech silence.
// Transcribing: the recognizer's final pass; a cab command ("stop", "repeat that", "louder", "quieter", "new
//   conversation") is acted on here without the language model; anything else becomes questionReady(). A
//   short transcript that is no command gets a keyphrase pass over the same audio (commands misheard in
//   noise: "stop" -> "still"; CommandMatcher::matchSpotted decides).
// Thinking: answer tokens arrive (appendAnswerText); each completed sentence goes to the synthesis thread.
// Speaking: the first sentence's audio is playing while later ones are generated and synthesised.
// Barge-in: speech while Thinking or Speaking discards the queued audio, asks for the generation to be
// cancelled,
//   ends the turn (cancelled) and starts a new Listening turn with that speech. stop() (touch or spoken) ends
//   any turn at once; it needs no model.
// Announcements (announce(): system notices such as the governor's critical pause): spoken through the same
//   synthesiser and loudspeaker as a Speaking turn of their own, never sent to the language model, never
//   stored as an answer or kept for "repeat that", and stopped by stop() or barge-in like any playback. One
//   arriving during an answer stops that answer (the notice outranks it); during Listening/Transcribing or
//   another announcement it waits until the loop is Idle. With no working loudspeaker it is a logged no-op.
//
// Integration (ConversationController, all connections queued across threads):
//   voice.questionReady(turn, text)        -> add the user message, InferenceWorker generate
//   worker tokens (coalesced text)         -> voice.appendAnswerText(turn, text)
//   worker finished / failed               -> voice.finishAnswer(turn) / voice.failAnswer(turn, message)
//   voice.cancelGenerationRequested(turn)  -> worker cancel flag (atomic)
//   voice.newConversationRequested()       -> start a new conversation
//   voice.turnFinished(timings)            -> store sttMs/ttftMs/firstAudioMs... with the message
//   voice.stateChanged/levelChanged/partialTranscript -> QML (listening meter, words heard so far)
//   voice.errorOccurred(message)           -> on-screen message; text mode keeps working
//
// Thread: lives on one thread (the voice thread; the CLI uses the main thread): construct, setSource/setSink,
// moveToThread, then call initialize() on that thread. Slots are cheap except the final recognition pass
// (tens of ms). Owns the source, sink, front end, recognizer and the synthesis thread.
#pragma once

#include <QObject>
#include <QStringList>
#include <QThread>
#include <chrono>
#include <deque>
#include <memory>

#include "audio/audio_front_end.h"
#include "audio/audio_sink.h"
#include "audio/audio_source.h"
#include "audio/endpointer.h"
#include "speech/cab_commands.h"
#include "speech/sentence_splitter.h"
#include "speech/speech_to_text.h"
#include "tools/tool.h"
#include "voice/voice_config.h"
#include "voice/voice_timings.h"
#include "voice/wake_spotter.h"

namespace peregrine::tools {
class ToolRegistry;
class ToolRunner;
}  // namespace peregrine::tools

namespace peregrine::voice {

class TtsWorker;

class VoiceLoop : public QObject {
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
public:
    enum class State { Idle, Listening, Transcribing, Thinking, Speaking };
    Q_ENUM(State)
    using Clock = std::chrono::steady_clock;

    explicit VoiceLoop(const VoiceConfig& config, QObject* parent = nullptr);
    ~VoiceLoop() override;

    // Takes ownership (reparents). Call before initialize().
    void setSource(audio::AudioSource* source);
    // Swaps the input while running (the next file of a bench): deletes the old source, starts the new one.
    bool replaceSource(audio::AudioSource* source);
    void setSink(audio::AudioSink* sink);
    audio::AudioSource* source() const { return m_source; }
    audio::AudioSink* sink() const { return m_sink; }

    State state() const { return m_state; }
    static QString stateName(State state);
    int currentTurn() const { return m_turn; }
    bool isInputFinished() const { return m_inputFinished; }
    const VoiceTimings& currentTimings() const { return m_timings; }
    // Direct tool commands (after the cab commands, before the model): a transcript the registry's commands
    // match becomes toolCallRequested(); while runner->awaitingConfirmation(), the next transcript becomes
    // confirmationAnswered() instead (and the loop listens for it without the wake word). Both not owned,
    // read-only here (matchCommand and the atomic flag are thread-safe); either may be null.
    void setTools(const tools::ToolRegistry* registry, const tools::ToolRunner* runner);
    // The prefix of VoiceTimings::command for a tool turn ("tool:set_timer", "tool:confirm").
    static constexpr const char* kToolCommandPrefix = "tool:";
    // The microphone path (null before initialize()): echo delay estimate, ERLE, levels. Voice thread only.
    audio::AudioFrontEnd* frontEnd() const { return m_frontEnd.get(); }

public slots:
    // Loads the recognizer (about 0.5 s), starts the synthesis thread and the source and sink. Problems are
    // reported through errorOccurred(); returns false when voice input cannot work (text mode still can).
    bool initialize();
    void startListening();  // push-to-talk (during an answer: barge-in)
    void stop();            // hard stop: silence, cancel generation, Idle
    void appendAnswerText(int turn, const QString& text);
    void finishAnswer(int turn);
    void failAnswer(int turn, const QString& message);
    // The spoken result of a tool turn (toolCallRequested / confirmationAnswered): said as the turn's answer.
    void speakToolResult(int turn, const QString& text);
    void setVolume(double volume);
    // Speaks a short system notice (see above). Cheap: synthesis runs on the synthesis thread.
    void announce(const QString& text);

signals:
    void stateChanged(peregrine::voice::VoiceLoop::State state);
    void levelChanged(double dbfs);  // input level, at most 20 times a second
    void partialTranscript(const QString& words);
    // Words heard so far in a turn still being spoken ("" at the start of speech): the answerer computes
    // ahead (AnswerSource::prepare). At most every partialIntervalMs, and once with wholeQuestion at the end
    // of speech, before the final recognition pass.
    void heardSoFar(int turn, const QString& words, bool wholeQuestion);
    void transcriptReady(int turn, const QString& text);
    void questionReady(int turn, const QString& text);
    void commandRecognized(int turn, const QString& command);  // cabCommandName()
    // A direct tool command was heard (no model): run call (ToolRunner), then speakToolResult(turn, say).
    void toolCallRequested(int turn, const peregrine::tools::ToolCall& call);
    // The driver's reply while a tool waits for a spoken yes: ToolRunner::answerConfirmation, then
    // speakToolResult(turn, say).
    void confirmationAnswered(int turn, const QString& transcript);
    void cancelGenerationRequested(int turn);
    void newConversationRequested();
    void volumeChanged(double volume);
    void sentenceReady(int turn, const QString& sentence);
    void bargeInDetected(int cancelledTurn);
    void turnFinished(const peregrine::voice::VoiceTimings& timings);  // not for announcements
    void announcementStarted(const QString& text);
    void announcementFinished(const QString& text, bool interrupted);  // played out, or stopped/barged in
    void inputFinished();                                              // the source ended (files)
    // The follow-up window opened (active, windowMs: how long it stays open) or closed (speech began a
    // turn, it timed out, or a stop / push-to-talk / announcement ended it).
    void followUpChanged(bool active, int windowMs);
    void errorOccurred(const QString& message);

private:
    void onDataAvailable();
    void onInputFinished();
    void processFrame(int16_t* frame);
    void handleIdle(const int16_t* frame, bool voiced);
    void handleListening(const int16_t* frame, audio::Endpointer::Event event, bool voiced);
    void resetTurn();  // a new turn number, clocks and answer state
    void openFollowUp(int windowMs);
    void beginToolTurn(const QString& name);
    void closeFollowUp();
    void beginTurn(bool alreadyInSpeech);
    void startAnnouncement();  // the next pending announcement, when Idle
    void transcribe();
    bool endsEarly(double nowMs);  // a short pause after a complete question (quickEndMs)
    QString m_lastHeard;           // the partial transcript endsEarly() just judged
    void executeCommand(speech::CabCommand command);
    void requestSentence(const QString& sentence);
    void onSynthesized(int turn, int index, const QByteArray& pcm, bool last);
    void onFirstSamplePlayed();
    void maybeFinishAnswer();
    void finishTurn(bool cancelled);
    void bargeIn();
    void setState(State state);
    double msSinceTurnStart(Clock::time_point t = Clock::now()) const;
    bool isAnswering() const { return m_state == State::Thinking || m_state == State::Speaking; }

    VoiceConfig m_config;
    audio::AudioSource* m_source = nullptr;
    audio::AudioSink* m_sink = nullptr;
    std::unique_ptr<audio::AudioFrontEnd> m_frontEnd;
    audio::SpscRingBuffer<int16_t> m_renderTap;
    audio::Endpointer m_endpointer;
    std::unique_ptr<speech::SpeechToText> m_stt;
    speech::CommandMatcher m_commands;
    const tools::ToolRegistry* m_tools = nullptr;
    const tools::ToolRunner* m_toolRunner = nullptr;
    speech::SentenceSplitter m_splitter;
    QThread m_ttsThread;
    TtsWorker* m_tts = nullptr;  // lives on m_ttsThread; deleted when it finishes

    State m_state = State::Idle;
    int m_turn = 0;
    Clock::time_point m_turnStart;
    VoiceTimings m_timings;
    std::deque<int16_t> m_preRoll;
    int64_t m_framesInTurn = 0;
    double m_lastPartialMs = 0;
    Clock::time_point m_lastLevel;
    WakeSpotter m_wake;            // Idle: the wake phrase search over m_stt
    bool m_followUp = false;       // Idle and listening for a follow-up question
    int m_followUpFramesLeft = 0;  // of microphone audio (frames, not wall time: files run faster)
    bool m_inputFinished = false;
    // Answer of the current turn.
    QString m_answerText;
    bool m_answerDone = false;
    int m_sentencesRequested = 0;
    int m_sentencesDone = 0;
    int m_answerTokens = 0;  // appendAnswerText() calls this turn
    audio::Pcm m_turnAudio;
    // Announcements: the current turn is one; those waiting for Idle.
    bool m_announcing = false;
    QStringList m_pendingAnnouncements;
    // Last spoken answer, for "repeat that".
    audio::Pcm m_lastAnswerAudio;
    QString m_lastAnswerText;
};

}  // namespace peregrine::voice
