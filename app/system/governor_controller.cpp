#include "system/governor_controller.h"

#include <QDateTime>
#include <QVariantMap>
#include <algorithm>

#include "logging/logging.h"
#include "storage/storage_service.h"
#include "system/thermal_monitor.h"

namespace peregrine {

namespace {

QVariantMap point(qint64 tMs, double tempC, double tokS, int level) {
    return {{QStringLiteral("t"), tMs},
            {QStringLiteral("tempC"), tempC},
            {QStringLiteral("tokS"), tokS},
            {QStringLiteral("level"), level}};
}

}  // namespace

GovernorInput governorInputFromSnapshot(const ThermalSnapshot& s) {
    GovernorInput in;
    if (s.hottestZone < 0) return in;
    const ZoneReading& z = s.zones[s.hottestZone];
    in.valid = true;
    in.tempC = z.tempC;
    for (const TripPoint& t : z.trips) {
        if (t.type == QLatin1String("passive") || t.type == QLatin1String("hot"))
            in.tripHotC = in.tripHotC > 0 ? std::min(in.tripHotC, t.tempC) : t.tempC;
        if (t.type == QLatin1String("critical"))
            in.tripCriticalC = in.tripCriticalC > 0 ? std::min(in.tripCriticalC, t.tempC) : t.tempC;
    }
    in.throttled = s.throttled;
    in.throttleReason = s.throttleReason;
    for (const CpuFreq& c : s.cpus) {  // the fastest cluster: the one inference runs on
        if (c.maxKHz > in.maxKHz) {
            in.maxKHz = c.maxKHz;
            in.curKHz = c.curKHz;
        }
    }
    return in;
}

GovernorController::GovernorController(ThermalMonitor* monitor, StorageService* storage, QObject* parent)
    : QObject(parent), m_monitor(monitor), m_storage(storage) {
    qRegisterMetaType<GovernorState>();
    qRegisterMetaType<GovernorLevers>();
    m_clock.start();
    connect(monitor, &ThermalMonitor::updated, this, &GovernorController::onPoll);
    loadHistory();
}

void GovernorController::loadHistory() {
    if (!m_storage) return;
    connect(m_storage, &StorageService::thermalSamplesLoaded, this, &GovernorController::onHistoryLoaded,
            Qt::SingleShotConnection);
    m_storage->requestThermalSamples(QDateTime::currentDateTimeUtc().addSecs(-3600), kHistoryPoints);
}

// The stored hour arrives after any poll made meanwhile: it goes before those points.
void GovernorController::onHistoryLoaded(const QList<ThermalSampleRecord>& samples) {
    QVariantList older;
    for (const auto& r : samples)
        older << point(r.at.toMSecsSinceEpoch(), r.tempC, r.decodeTokPerSec.value_or(0), r.level);
    if (older.isEmpty()) return;
    m_history = older + m_history;
    while (m_history.size() > kHistoryPoints) m_history.removeFirst();
    publish(false, true);
}

void GovernorController::configureForBoard(const ThermalConfig& config, bool warmSet, bool hotSet) {
    m_boardConfig = BoardConfig{config, warmSet, hotSet};
}

GovernorState GovernorController::state() const {
    GovernorState s;
    s.level = level();
    s.levelName = levelName();
    s.paused = paused();
    s.actionsText = actionsText();
    s.leversText = m_governor.leversText();
    s.recent = m_recent;
    s.history = m_history;
    return s;
}

void GovernorController::publish(bool levelChanged, bool historyChanged) {
    if (levelChanged) emit changed();
    if (historyChanged) emit this->historyChanged();
    if (levelChanged || historyChanged) emit stateChanged(state());
}

void GovernorController::setLevers(const GovernorLevers& levers) {
    const QString before = m_governor.leversText();
    const QList<GovernorAction> actions = m_governor.setLevers(m_clock.elapsed(), levers);
    takeActions(actions);
    if (!actions.isEmpty() || m_governor.leversText() != before) {
        qCInfo(lcSystem).noquote() << "governor:" << m_governor.leversText();
        publish(true, false);
    }
}

// Logs each action, keeps it for the panel and pulls the matching lever (a signal, queued to its owner).
void GovernorController::takeActions(const QList<GovernorAction>& actions) {
    const QString clock = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
    for (const GovernorAction& a : actions) {
        qCInfo(lcSystem).noquote() << "governor:" << a.description;
        m_recent.prepend(clock + QLatin1Char(' ') + a.description);
        emit actionTaken(a);
        switch (a.kind) {
            case GovernorAction::Kind::SetThreads:
                emit threadsRequested(a.value);
                break;
            case GovernorAction::Kind::SetMaxTokens:
                emit maxTokensRequested(a.value);
                break;
            case GovernorAction::Kind::SwitchModel:
                emit fallbackModelRequested(a.model);
                break;
            case GovernorAction::Kind::Pause:
            case GovernorAction::Kind::LevelChanged:
                break;
        }
    }
    while (m_recent.size() > 8) m_recent.removeLast();
}

QString GovernorController::actionsText() const {
    const GovernorLevelActions& a = m_governor.currentActions();
    QStringList parts;
    if (a.pause) parts << tr("paused");
    if (a.threads > 0 && m_governor.levers().threads) parts << tr("%1 threads").arg(a.threads);
    if (a.maxTokens > 0) parts << tr("max %1 tokens").arg(a.maxTokens);
    if (a.fallbackModel && !m_governor.config().fallbackModel.isEmpty()) parts << tr("fallback model");
    return parts.isEmpty() ? tr("full speed") : parts.join(QStringLiteral(" · "));
}

void GovernorController::onPoll() {
    const ThermalSnapshot& snap = m_monitor->snapshot();
    if (m_boardConfig) {  // the first poll: the board is known once the zones have been read
        m_governor.setConfig(governorConfigFrom(m_boardConfig->thermal, snap.board, m_boardConfig->warmSet,
                                                m_boardConfig->hotSet));
        m_boardConfig.reset();
    }
    GovernorInput in = governorInputFromSnapshot(snap);
    in.decodeTokPerSec = m_tokPerSec;
    const bool wasPaused = m_governor.paused();
    const QList<GovernorAction> actions = m_governor.update(m_clock.elapsed(), in);
    takeActions(actions);
    if (m_governor.paused() != wasPaused) {
        emit pausedChanged(m_governor.paused());
        emit noticeRequested(m_governor.paused()
                                 ? tr("The system is too hot. I will pause answers until it cools down.")
                                 : tr("The system has cooled down. I can answer again."));
    }
    if (!in.valid) {
        publish(!actions.isEmpty(), false);
        return;
    }

    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_storage) {
        ThermalSampleRecord r;
        r.at = now;
        r.tempC = in.tempC;
        r.curKHz = in.curKHz;
        r.maxKHz = in.maxKHz;
        r.level = level();
        r.throttled = in.throttled;
        if (m_tokPerSec > 0) r.decodeTokPerSec = m_tokPerSec;
        m_storage->addThermalSample(r);
        if (m_lastPruneMs < 0 || m_clock.elapsed() - m_lastPruneMs > 3600 * 1000) {
            m_lastPruneMs = m_clock.elapsed();
            m_storage->pruneThermalSamples(now.addDays(-kHistoryDays));
        }
    }
    m_history << point(now.toMSecsSinceEpoch(), in.tempC, m_tokPerSec, level());
    while (m_history.size() > kHistoryPoints) m_history.removeFirst();
    publish(!actions.isEmpty(), true);
}

}  // namespace peregrine
