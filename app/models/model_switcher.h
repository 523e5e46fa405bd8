// ModelSwitcher: safe model switching with fallback. The model in use keeps answering until the new one has
// been verified AND loaded; on any failure it stays, and the reason is reported in plain words.
//
// Handshake with whoever owns the Sessions (LocalModelHost, or the app's InferenceWorker), all queued:
//   requestSwitch(path)
//     -> Verifying: VerifyService checks the file off-thread (checksum, GGUF, memory fit, runtime versions)
//     -> Loading:   emits loadCandidate(path, ctx, threads); the owner loads it beside the current one
//   owner: candidateLoaded(path) -> onCandidateLoaded(): emits commitCandidate(path); current = path,
//          models.current is saved, switched(path)
//   owner: candidateFailed(path, reason) -> onCandidateFailed(): current unchanged, switchFailed(path,
//   reason) owner: the first answer of the new model -> noteAnswered(path): last good = path,
//   models.last_good saved
// revert() switches back to the last model that loaded and answered, in one call. At start-up
// startupModel() picks last good over current when current is not the proven one, and a first switch that
// fails (nothing loaded yet) falls back to last good automatically.
//
// Thread: lives on the UI thread; never blocks it. Settings persistence goes through the SaveSetting
// callback (ConfigLoader::saveUserSetting in the app); a failed save is logged, not fatal.
#pragma once

#include <QObject>
#include <QString>
#include <functional>

#include "models/verify_service.h"

namespace peregrine {

class ModelSwitcher : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString currentPath READ currentPath NOTIFY currentChanged)
    Q_PROPERTY(QString lastGoodPath READ lastGoodPath NOTIFY lastGoodChanged)
    Q_PROPERTY(QString pendingPath READ pendingPath NOTIFY stateChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY stateChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(
        double progress READ progress NOTIFY progressChanged)  // checksum progress 0..1 while Verifying
    Q_PROPERTY(bool canRevert READ canRevert NOTIFY lastGoodChanged)

public:
    enum class State { Idle, Verifying, Loading };
    Q_ENUM(State)

    // key ("models.current" / "models.last_good"), value; returns false with *error on failure.
    using SaveSetting = std::function<bool(const QString& key, const QString& value, QString* error)>;

    explicit ModelSwitcher(QObject* parent = nullptr);

    void setSaveSetting(SaveSetting save) { m_save = std::move(save); }
    // Verification options (context length, memory limit, board runtimes); also the load context/threads.
    void setVerifyOptions(const VerifyOptions& options);
    void setThreads(int threads) { m_threads = threads; }
    VerifyService& verifier() { return m_verifier; }

    // models.last_good read from config (absolute path or ""). The current model stays "" until a switch
    // (the start-up one included: requestSwitch(startupModel(current, lastGood))) has loaded it.
    void restore(const QString& lastGood);
    // What to load at start: last good when current differs from it and last good still exists, else
    // current (when it exists), else last good, else "".
    static QString startupModel(const QString& current, const QString& lastGood);

    QString currentPath() const { return m_current; }
    QString lastGoodPath() const { return m_lastGood; }
    QString pendingPath() const { return m_pending; }
    State state() const { return m_state; }
    bool busy() const { return m_state != State::Idle; }
    QString lastError() const { return m_lastError; }
    double progress() const { return m_progress; }
    bool canRevert() const { return !m_lastGood.isEmpty() && m_lastGood != m_current; }

    // Starts a switch (a switch in progress is abandoned). Switching to the current model is a no-op.
    // Paths are made absolute and clean ("a/../b" -> "b"); currentPath() and the signals carry that form.
    // An endpoint id ("openai:<url>", inference/model_id.h) skips verification and goes straight to the
    // owner's load, which checks the server; it is never saved as models.current or models.last_good.
    Q_INVOKABLE void requestSwitch(const QString& path);
    // A switch for this run only (`--model FILE`): the model is loaded the same way but neither
    // models.current nor models.last_good is saved for it, so the user's choice in the config survives a
    // one-off run (and a file that crashes is never made the default).
    void requestOneOffSwitch(const QString& path);
    // The current model's file changed on disk and has settled: verify it and load it again beside the
    // running session (which may no longer answer). If it fails, switch to the last good model when that is
    // another file; either way the reason is in lastError() and switchFailed().
    void requestReload(const QString& path);
    // Switches back to the last model that loaded and answered; false when there is none to go back to.
    Q_INVOKABLE bool revert();
    Q_INVOKABLE void cancel();

public slots:
    void onCandidateLoaded(const QString& path);
    void onCandidateFailed(const QString& path, const QString& reason);
    // The model at path produced an answer: it is now the last good model.
    void noteAnswered(const QString& path);

signals:
    void loadCandidate(const QString& path, int contextLength, int threads);
    void commitCandidate(const QString& path);
    void discardCandidate(const QString& path);
    void verified(const peregrine::VerifyReport& report);  // every verification's report (warnings too)
    void switched(const QString& path);
    void switchFailed(const QString& path, const QString& reason);
    void currentChanged();
    void lastGoodChanged();
    void stateChanged();
    void lastErrorChanged();
    void progressChanged();

private:
    void onVerified(qint64 id, const VerifyReport& report);
    void loadEndpoint(const QString& id);
    void fail(const QString& path, const QString& reason);
    void setState(State s, const QString& pending);
    void persist(const char* key, const QString& value);

    VerifyService m_verifier;
    SaveSetting m_save;
    int m_contextLength = 4096;
    int m_threads = 0;
    QString m_current, m_lastGood, m_pending, m_lastError;
    State m_state = State::Idle;
    qint64 m_verifyId = 0;
    double m_progress = 0;
    bool m_reloading = false;      // the pending switch reloads the current model's changed file
    bool m_pendingOneOff = false;  // the pending switch is not saved (requestOneOffSwitch)
    bool m_currentOneOff = false;  // the current model came from a one-off switch
};

}  // namespace peregrine
