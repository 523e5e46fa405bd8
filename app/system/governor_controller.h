// GovernorController: runs the ThermalGovernor on every ThermalMonitor poll inside the app, logs each level
// change and action (peregrine.system), publishes them for the UI and the voice layer, and records the time
// series (temperature, frequency, level, decode tok/s) in the database.
//
// The levers are signals; AppController wires them (queued, to the UI thread): threadsRequested ->
// InferenceWorker::setThreads, maxTokensRequested -> ConversationController, fallbackModelRequested -> the
// model switcher, pausedChanged -> the conversation and the status bar, noticeRequested ->
// VoiceController::announce (spoken; the on-screen notice comes with pausedChanged). stateChanged carries
// everything the status bar shows (GovernorState) to the UI-thread mirror (SystemStatus).
// Thread: lives on the monitor's thread (the "system" thread in the app, SystemService) and is used only
// there; its slots are invoked queued from elsewhere. Observes (does not own) the monitor and the
// StorageService; storage may be null or closed (then nothing is recorded). Cost per poll: one posted write
// (StorageService::post is thread-safe; the INSERT and its fsync run on the storage thread); old samples
// (> historyDays) are pruned hourly the same way.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QVariantList>
#include <optional>

#include "storage/records.h"
#include "system/governor.h"

namespace peregrine {

class StorageService;
class ThermalMonitor;
struct ThermalSnapshot;

// The governor's input from a monitor snapshot: the hottest relevant zone with its own passive/hot and
// critical trips, the throttling verdict, and the clocks of the fastest CPU cluster. Invalid without a
// sensor.
GovernorInput governorInputFromSnapshot(const ThermalSnapshot& snapshot);

// A copy of what the status bar shows about the governor; travels to the UI thread in stateChanged.
struct GovernorState {
    int level = 0;  // GovernorLevel: 0 nominal .. 3 critical
    QString levelName = QStringLiteral("nominal");
    bool paused = false;
    QString actionsText;   // "2 threads · max 128 tokens"
    QString leversText;    // "levers: threads, answer length, pause"
    QStringList recent;    // newest first, "12:03:11 …"
    QVariantList history;  // [{t, tempC, tokS, level}] oldest first
};

class GovernorController : public QObject {
    Q_OBJECT
    Q_PROPERTY(int level READ level NOTIFY changed)  // GovernorLevel: 0 nominal .. 3 critical
    Q_PROPERTY(QString levelName READ levelName NOTIFY changed)
    Q_PROPERTY(bool paused READ paused NOTIFY changed)
    Q_PROPERTY(QString actionsText READ actionsText NOTIFY changed)          // "threads 2 · max 128 tokens"
    Q_PROPERTY(QStringList recentActions READ recentActions NOTIFY changed)  // newest first, "12:03:11 …"
    Q_PROPERTY(
        QVariantList history READ history NOTIFY historyChanged)  // [{t, tempC, tokS, level}] oldest first

public:
    GovernorController(ThermalMonitor* monitor, StorageService* storage, QObject* parent = nullptr);

    void setConfig(const GovernorConfig& config) { m_governor.setConfig(config); }
    // The governor takes the board's thresholds (governorConfigFrom) at the first poll, once the zones tell
    // the board. warmSet/hotSet: thermal.warm_c / hot_c were given explicitly.
    void configureForBoard(const ThermalConfig& config, bool warmSet, bool hotSet);
    const ThermalGovernor& governor() const { return m_governor; }
    static constexpr int kHistoryDays = 7;
    static constexpr int kHistoryPoints = 180;  // drawn in the status panel

    int level() const { return static_cast<int>(m_governor.level()); }
    QString levelName() const { return governorLevelName(m_governor.level()); }
    bool paused() const { return m_governor.paused(); }
    QString actionsText() const;
    QStringList recentActions() const { return m_recent; }
    QVariantList history() const { return m_history; }
    GovernorState state() const;

public slots:
    void onPoll();  // connected to ThermalMonitor::updated
    // The latest decode tok/s (live or last answer), recorded with the next sample.
    void setDecodeTokPerSec(double tokPerSec) { m_tokPerSec = tokPerSec; }
    // The loaded backend's levers (from LoadedModel); may pull the thread lever at once (setLevers()).
    void setLevers(const peregrine::GovernorLevers& levers);

signals:
    void changed();
    void historyChanged();
    void actionTaken(const peregrine::GovernorAction& action);
    void threadsRequested(int threads);                 // 0 = back to the configured count
    void maxTokensRequested(int maxTokens);             // 0 = back to the configured length
    void fallbackModelRequested(const QString& model);  // empty = back to the user's model
    void pausedChanged(bool paused);
    void noticeRequested(const QString& text);                 // a sentence to show and speak
    void stateChanged(const peregrine::GovernorState& state);  // with changed() and historyChanged()

private:
    void loadHistory();
    void onHistoryLoaded(const QList<peregrine::ThermalSampleRecord>& samples);
    void takeActions(const QList<GovernorAction>& actions);
    void publish(bool levelChanged, bool historyChanged);

    struct BoardConfig {
        ThermalConfig thermal;
        bool warmSet = false, hotSet = false;
    };
    std::optional<BoardConfig> m_boardConfig;  // set until the first poll applies it

    ThermalMonitor* m_monitor;
    StorageService* m_storage;
    ThermalGovernor m_governor;
    QElapsedTimer m_clock;
    qint64 m_lastPruneMs = -1;
    double m_tokPerSec = 0;
    QStringList m_recent;
    QVariantList m_history;
};

}  // namespace peregrine

Q_DECLARE_METATYPE(peregrine::GovernorState)
Q_DECLARE_METATYPE(peregrine::GovernorLevers)
