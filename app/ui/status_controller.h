// StatusController: what the always-visible status bar shows, as ready-to-display values: model name, live
// decode tok/s while an answer streams, the last answer's time to first token and prompt tok/s, the hottest
// relevant temperature with its level and a throttling marker, memory in use, and the thermal governor's
// level, actions, levers, pause notice and recent temperature / tok/s history. Thread: UI thread. Observes
// (does not own) the ConversationController and SystemStatus (the UI-thread mirror of the system thread's
// thermal monitor and governor).
#pragma once

#include <QObject>
#include <QVariantList>

namespace peregrine {

class ConversationController;
class SystemStatus;

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
    Q_PROPERTY(QString memoryText READ memoryText NOTIFY changed)  // "RSS 412 MB · 5.1 GB free"
    // "NPU 37%" where the board exposes the NPU's load; "NPU load not readable" while an NPU model (Genie,
    // RKLLM) runs on a board that does not; "" otherwise (nothing to say).
    Q_PROPERTY(QString npuText READ npuText NOTIFY changed)
    Q_PROPERTY(int governorLevel READ governorLevel NOTIFY changed)    // 0 nominal .. 3 critical
    Q_PROPERTY(QString governorText READ governorText NOTIFY changed)  // "hot · 2 threads · max 128 tokens"
    Q_PROPERTY(bool governorPaused READ governorPaused NOTIFY changed)
    Q_PROPERTY(QString governorLastAction READ governorLastAction NOTIFY changed)  // "12:03:11 threads 2"
    // "levers: answer length, pause · threads: not adjustable on llama-server"
    Q_PROPERTY(QString governorLevers READ governorLevers NOTIFY changed)
    Q_PROPERTY(
        QVariantList thermalHistory READ thermalHistory NOTIFY historyChanged)  // [{t,tempC,tokS,level}]

public:
    StatusController(ConversationController* conversation, SystemStatus* system, QObject* parent = nullptr);

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
    QString npuText() const;

    int governorLevel() const;
    QString governorText() const;
    bool governorPaused() const;
    QString governorLastAction() const;
    QString governorLevers() const;
    QVariantList thermalHistory() const;

signals:
    void changed();
    void historyChanged();

private:
    ConversationController* m_conversation;
    SystemStatus* m_thermal;
};

}  // namespace peregrine
