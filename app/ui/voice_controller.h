// VoiceController: the voice loop as the views see it. Owns the "voice" QThread and the VoiceLoop on it,
// mirrors the loop's state, input level, words heard so far, volume and errors as properties, and forwards
// talk and stop (queued). If the audio devices or the recognizer cannot start, `available` stays false and
// `error` says why, in a sentence for the driver; typing questions keeps working.
//
// Thread: UI thread; the loop lives on the voice thread and is only reached through queued calls.
// Ownership: owns the loop (deleted on the voice thread when it finishes). Destruction joins the thread.
#pragma once

#include <QObject>
#include <QThread>
#include <functional>

#include "voice/voice_config.h"
#include "voice/voice_loop.h"

namespace peregrine::tools {
class ToolService;
}

namespace peregrine {

class VoiceController : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool available READ available NOTIFY availableChanged)
    Q_PROPERTY(bool starting READ starting NOTIFY availableChanged)
    Q_PROPERTY(QString reason READ reason NOTIFY availableChanged)
    // The loop's state, as the enum (QML: VoiceLoop.Idle, VoiceLoop.Listening, ...); views turn it into
    // words.
    Q_PROPERTY(peregrine::voice::VoiceLoop::State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool active READ active NOTIFY stateChanged)   // a turn is under way (not idle)
    Q_PROPERTY(double level READ level NOTIFY levelChanged)   // input level 0..1 (-60..0 dBFS)
    Q_PROPERTY(QString words READ words NOTIFY wordsChanged)  // heard so far in this turn
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(double volume READ volume NOTIFY volumeChanged)
    // After an answer: a question is heard without the wake word or the button for followUpMs (the view shows
    // it and how long the window lasts).
    Q_PROPERTY(bool followUp READ followUp NOTIFY followUpChanged)
    Q_PROPERTY(int followUpMs READ followUpMs NOTIFY followUpChanged)

public:
    explicit VoiceController(QObject* parent = nullptr);
    ~VoiceController() override;

    // Takes ownership of loop, moves it to the voice thread and there runs prepare(loop) (creates and sets
    // the source and sink: audio objects must be created on the thread that uses them), then initialize();
    // the outcome arrives as availableChanged()/initialized(). Call once.
    void start(voice::VoiceLoop* loop, std::function<void(voice::VoiceLoop*)> prepare = {});
    // start() with the microphone and loudspeaker named in config.
    void startWithDevices(const voice::VoiceConfig& config);
    // Voice turned off in the config: stays unavailable with reason.
    void setDisabled(const QString& reason);
    // Direct tool commands and confirmations heard by the loop go to service's runner (tools thread) and
    // its results are spoken by the loop: voice thread <-> tools thread, the UI thread is not in the path.
    // Not owned; must outlive the loop. Call after start().
    void connectTools(tools::ToolService* service);
    voice::VoiceLoop* loop() const { return m_loop; }

    bool available() const { return m_available; }
    bool starting() const { return m_starting; }
    QString reason() const;
    voice::VoiceLoop::State state() const { return m_state; }
    bool active() const { return m_state != voice::VoiceLoop::State::Idle; }
    double level() const { return m_level; }
    QString words() const { return m_words; }
    QString error() const { return m_error; }
    double volume() const { return m_volume; }
    bool followUp() const { return m_followUp; }
    int followUpMs() const { return m_followUpMs; }

public slots:
    void talk();  // push-to-talk; barges in while an answer is playing
    void stop();  // hard stop of the voice turn (silence, Idle); needs no model
    void setVolume(double volume);
    void clearError();
    // Speaks a system notice (VoiceLoop::announce: not an answer, no model, stoppable). Voice off: logged,
    // nothing else (the on-screen notice is the caller's).
    void announce(const QString& text);

signals:
    void availableChanged();
    void initialized(bool ok);
    void stateChanged();
    void levelChanged();
    void wordsChanged();
    void errorChanged();
    void volumeChanged();
    void followUpChanged();

private:
    void onState(voice::VoiceLoop::State state);
    void onLevel(double dbfs);
    void onWords(const QString& words);
    void onError(const QString& message);
    void onInitialized(bool ok);

    QThread m_thread;
    voice::VoiceLoop* m_loop = nullptr;  // lives on m_thread
    bool m_available = false;
    bool m_starting = false;
    QString m_disabledReason;
    voice::VoiceLoop::State m_state = voice::VoiceLoop::State::Idle;
    double m_level = 0;
    QString m_words;
    QString m_error;
    double m_volume = 1.0;
    bool m_followUp = false;
    int m_followUpMs = 0;
};

}  // namespace peregrine
