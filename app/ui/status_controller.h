// StatusController: what the always-visible status bar shows, as ready-to-display values: model name, live
// decode tok/s while an answer streams, the last answer's time to first token and prompt tok/s, the hottest
// relevant temperature with its level and a throttling marker, memory in use, and the thermal governor's
// level, actions, pause notice and recent temperature / tok/s history. Thread: UI thread. Observes (does not
// own) the ConversationController, the ThermalMonitor and (when set) the GovernorController.
#pragma once

#include <QObject>
#include <QVariantList>

namespace peregrine {

class ConversationController;
class ThermalMonitor;
class GovernorController;

class StatusController : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString modelName READ modelName NOTIFY changed)
    Q_PROPERTY(bool generating READ generating NOTIFY changed)
    Q_PROPERTY(QString speedText READ speedText NOTIFY changed)  // "31.2 tok/s" (live or last), "–"
    Q_PROPERTY(
        QString latencyText READ latencyText NOTIFY changed)  // "first token 140 ms · prompt 410 tok/s"
    Q_PROPERTY(bool hasSensor READ hasSensor NOTIFY changed)
    Q_PROPERTY(QString temperatureText READ temperatureText NOTIFY changed)  // "61 °C" or "no sensor"
    Q_PROPERTY(int thermalLevel READ thermalLevel NOTIFY
                   changed)  // 0 no sensor, 1 normal, 2 warm, 3 hot, 4 critical
    Q_PROPERTY(QString thermalLevelName READ thermalLevelName NOTIFY changed)
    Q_PROPERTY(bool throttled READ throttled NOTIFY changed)
    Q_PROPERTY(QString throttleReason READ throttleReason NOTIFY changed)
    Q_PROPERTY(QString memoryText READ memoryText NOTIFY changed)      // "RSS 412 MB · 5.1 GB free"
    Q_PROPERTY(int governorLevel READ governorLevel NOTIFY changed)    // 0 nominal .. 3 critical
    Q_PROPERTY(QString governorText READ governorText NOTIFY changed)  // "hot · 2 threads · max 128 tokens"
    Q_PROPERTY(bool governorPaused READ governorPaused NOTIFY changed)
    Q_PROPERTY(QString governorLastAction READ governorLastAction NOTIFY changed)  // "12:03:11 threads 2"
    Q_PROPERTY(
        QVariantList thermalHistory READ thermalHistory NOTIFY historyChanged)  // [{t,tempC,tokS,level}]

public:
    StatusController(ConversationController* conversation, ThermalMonitor* thermal,
                     QObject* parent = nullptr);

    QString modelName() const;
    bool generating() const;
    QString speedText() const;
    QString latencyText() const;
    bool hasSensor() const;
    QString temperatureText() const;
    int thermalLevel() const;
    QString thermalLevelName() const;
    bool throttled() const;
    QString throttleReason() const;
    QString memoryText() const;

    void setGovernor(GovernorController* governor);
    int governorLevel() const;
    QString governorText() const;
    bool governorPaused() const;
    QString governorLastAction() const;
    QVariantList thermalHistory() const;

signals:
    void changed();
    void historyChanged();

private:
    ConversationController* m_conversation;
    ThermalMonitor* m_thermal;
    GovernorController* m_governor = nullptr;
};

}  // namespace peregrine
