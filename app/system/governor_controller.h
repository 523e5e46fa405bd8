// GovernorController: runs the ThermalGovernor on every ThermalMonitor poll inside the app, logs each level
// change and action (peregrine.system), publishes them for the UI and the voice layer, and records the time
// series (temperature, frequency, level, decode tok/s) in the database.
//
// The levers are signals; AppController wires them: threadsRequested -> InferenceWorker::setThreads,
// maxTokensRequested -> ConversationController, fallbackModelRequested -> the model switcher (not wired
// while app/models has none), pausedChanged -> the conversation and the status bar, noticeRequested ->
// VoiceController::announce (spoken; the on-screen notice comes with pausedChanged).
// Thread: UI thread. Observes (does not own) the monitor and the StorageService; storage may be null or
// closed (then nothing is recorded). Cost per poll on this thread: one queued write (the INSERT and its fsync
// run on the storage thread); old samples (> historyDays) are pruned hourly the same way.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QVariantList>

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
    const ThermalGovernor& governor() const { return m_governor; }
    // The latest decode tok/s (live or last answer), recorded with the next sample.
    void setDecodeTokPerSec(double tokPerSec) { m_tokPerSec = tokPerSec; }
    static constexpr int kHistoryDays = 7;
    static constexpr int kHistoryPoints = 180;  // drawn in the status panel

    int level() const { return static_cast<int>(m_governor.level()); }
    QString levelName() const { return governorLevelName(m_governor.level()); }
    bool paused() const { return m_governor.paused(); }
    QString actionsText() const;
    QStringList recentActions() const { return m_recent; }
    QVariantList history() const { return m_history; }

public slots:
    void onPoll();  // connected to ThermalMonitor::updated

signals:
    void changed();
    void historyChanged();
    void actionTaken(const peregrine::GovernorAction& action);
    void threadsRequested(int threads);                 // 0 = back to the configured count
    void maxTokensRequested(int maxTokens);             // 0 = back to the configured length
    void fallbackModelRequested(const QString& model);  // empty = back to the user's model
    void pausedChanged(bool paused);
    void noticeRequested(const QString& text);  // a sentence to show and speak

private:
    void loadHistory();
    void onHistoryLoaded(const QList<peregrine::ThermalSampleRecord>& samples);

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
