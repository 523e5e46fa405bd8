#include "system/governor.h"

#include <QStringList>
#include <algorithm>

namespace peregrine {

namespace {

GovernorLevel levelAbove(GovernorLevel l) {
    return static_cast<GovernorLevel>(std::min(3, static_cast<int>(l) + 1));
}

GovernorLevel levelBelow(GovernorLevel l) {
    return static_cast<GovernorLevel>(std::max(0, static_cast<int>(l) - 1));
}

}  // namespace

QString governorLevelName(GovernorLevel level) {
    switch (level) {
        case GovernorLevel::Warm:
            return QStringLiteral("warm");
        case GovernorLevel::Hot:
            return QStringLiteral("hot");
        case GovernorLevel::Critical:
            return QStringLiteral("critical");
        case GovernorLevel::Nominal:
            break;
    }
    return QStringLiteral("nominal");
}

QString governorActionKindName(GovernorAction::Kind kind) {
    switch (kind) {
        case GovernorAction::Kind::SetThreads:
            return QStringLiteral("threads");
        case GovernorAction::Kind::SetMaxTokens:
            return QStringLiteral("max_tokens");
        case GovernorAction::Kind::SwitchModel:
            return QStringLiteral("model");
        case GovernorAction::Kind::Pause:
            return QStringLiteral("pause");
        case GovernorAction::Kind::LevelChanged:
            break;
    }
    return QStringLiteral("level");
}

GovernorConfig governorDefaults(ThermalBoard board) {
    GovernorConfig c;
    switch (board) {
        case ThermalBoard::Qcs6490:
            c.warmC = 80, c.hotC = 90, c.criticalC = 105;
            break;
        case ThermalBoard::JetsonOrin:
            c.warmC = 75, c.hotC = 85, c.criticalC = 93;
            break;
        case ThermalBoard::Rk3588:
            c.warmC = 75, c.hotC = 85, c.criticalC = 100;
            break;
        case ThermalBoard::Pc:
        case ThermalBoard::Unknown:
            c.warmC = 70, c.hotC = 85, c.criticalC = 95;
            break;
    }
    return c;
}

GovernorConfig governorConfigFrom(const ThermalConfig& t, ThermalBoard board, bool warmSet, bool hotSet) {
    GovernorConfig c = governorDefaults(board);
    c.enabled = t.governor;
    if (warmSet) c.warmC = t.warmC;
    if (hotSet) c.hotC = t.hotC;
    if (t.criticalC > 0) c.criticalC = t.criticalC;
    c.hotC = std::max(c.hotC, c.warmC + 1);
    c.criticalC = std::max(c.criticalC, c.hotC + 1);
    c.hysteresisC = t.hysteresisC;
    c.restoreStepS = t.restoreStepS;
    c.fallbackModel = t.fallbackModel;
    const int fallbackFrom = t.fallbackAt == QLatin1String("warm")       ? 1
                             : t.fallbackAt == QLatin1String("hot")      ? 2
                             : t.fallbackAt == QLatin1String("critical") ? 3
                                                                         : 4;
    const int threads[4] = {0, t.warmThreads, t.hotThreads, t.criticalThreads};
    const int tokens[4] = {0, t.warmMaxTokens, t.hotMaxTokens, t.criticalMaxTokens};
    for (int l = 0; l < 4; ++l) {
        c.levels[l].threads = threads[l];
        c.levels[l].maxTokens = tokens[l];
        c.levels[l].fallbackModel = l >= fallbackFrom && !t.fallbackModel.isEmpty();
        c.levels[l].pause = l == 3 && t.pauseAtCritical;
    }
    return c;
}

ThermalGovernor::ThermalGovernor(GovernorConfig config) : m_config(std::move(config)) {}

void ThermalGovernor::setConfig(const GovernorConfig& config) {
    m_config = config;
}

QList<GovernorAction> ThermalGovernor::setLevers(qint64 nowMs, const GovernorLevers& levers) {
    const bool gained = levers.threads && !m_levers.threads;
    m_levers = levers;
    QList<GovernorAction> out;
    const int threads = currentActions().threads;
    if (!gained || threads <= 0) return out;
    GovernorAction a;
    a.kind = GovernorAction::Kind::SetThreads;
    a.atMs = nowMs;
    a.level = m_level;
    a.value = threads;
    a.description = QStringLiteral("threads %1 (the new runtime has a thread lever)").arg(threads);
    out.append(a);
    return out;
}

QString ThermalGovernor::leversText() const {
    QStringList levers;
    if (m_levers.threads) levers << QStringLiteral("threads");
    levers << QStringLiteral("answer length");
    if (!m_config.fallbackModel.isEmpty()) levers << QStringLiteral("fallback model");
    levers << QStringLiteral("pause");
    QString text = QStringLiteral("levers: ") + levers.join(QStringLiteral(", "));
    if (!m_levers.threads)
        text += QStringLiteral(" · threads: not adjustable on %1")
                    .arg(m_levers.runtime.isEmpty() ? QStringLiteral("this runtime") : m_levers.runtime);
    return text;
}

double ThermalGovernor::threshold(GovernorLevel level, const GovernorInput& in) const {
    switch (level) {
        case GovernorLevel::Warm:
            return std::min(m_config.warmC, threshold(GovernorLevel::Hot, in) - 1);
        case GovernorLevel::Hot:
            return in.tripHotC > 0 ? std::min(m_config.hotC, in.tripHotC) : m_config.hotC;
        case GovernorLevel::Critical: {
            const double c = in.tripCriticalC > 0 ? std::min(m_config.criticalC, in.tripCriticalC - 5)
                                                  : m_config.criticalC;
            return std::max(c, threshold(GovernorLevel::Hot, in) + 1);
        }
        case GovernorLevel::Nominal:
            break;
    }
    return -1e9;
}

GovernorLevel ThermalGovernor::rawLevel(const GovernorInput& in) const {
    GovernorLevel l = GovernorLevel::Nominal;
    if (!in.valid) return l;
    for (auto c : {GovernorLevel::Warm, GovernorLevel::Hot, GovernorLevel::Critical})
        if (in.tempC >= threshold(c, in)) l = c;
    if (in.throttled) l = std::max(l, GovernorLevel::Warm);
    return l;
}

QList<GovernorAction> ThermalGovernor::update(qint64 nowMs, const GovernorInput& in) {
    QList<GovernorAction> out;
    if (!m_config.enabled || !in.valid) {
        m_coolSinceMs = -1;
        return out;
    }
    const GovernorLevel raw = rawLevel(in);
    if (raw > m_level) {
        changeLevel(nowMs, raw, in, &out);
        return out;
    }
    if (m_level == GovernorLevel::Nominal) return out;
    // Cool enough to leave the current level: below its threshold by the hysteresis, and (for warm) no
    // longer throttled.
    const bool cool = in.tempC < threshold(m_level, in) - m_config.hysteresisC &&
                      !(in.throttled && m_level == GovernorLevel::Warm);
    if (!cool) {
        m_coolSinceMs = -1;
        return out;
    }
    if (m_coolSinceMs < 0) m_coolSinceMs = nowMs;
    if (nowMs - m_coolSinceMs >= qint64(m_config.restoreStepS) * 1000)
        changeLevel(nowMs, levelBelow(m_level), in, &out);
    return out;
}

void ThermalGovernor::changeLevel(qint64 nowMs, GovernorLevel to, const GovernorInput& in,
                                  QList<GovernorAction>* out) {
    const GovernorLevelActions before = currentActions();
    const GovernorLevel from = m_level;
    m_level = to;
    m_coolSinceMs = -1;
    const GovernorLevelActions& now = currentActions();
    const QString where =
        QStringLiteral("%1 (%2 °C%3)")
            .arg(governorLevelName(to))
            .arg(in.tempC, 0, 'f', 1)
            .arg(in.throttled ? QStringLiteral(", throttled: ") + in.throttleReason : QString());

    auto add = [&](GovernorAction::Kind kind, int value, const QString& what, const QString& model = {}) {
        GovernorAction a;
        a.kind = kind;
        a.atMs = nowMs;
        a.level = to;
        a.value = value;
        a.model = model;
        a.description = what;
        out->append(a);
    };
    add(GovernorAction::Kind::LevelChanged, static_cast<int>(to),
        QStringLiteral("level %1 -> %2").arg(governorLevelName(from), where));
    if (now.threads != before.threads && m_levers.threads)
        add(GovernorAction::Kind::SetThreads, now.threads,
            now.threads > 0 ? QStringLiteral("threads %1").arg(now.threads)
                            : QStringLiteral("threads restored"));
    if (now.maxTokens != before.maxTokens)
        add(GovernorAction::Kind::SetMaxTokens, now.maxTokens,
            now.maxTokens > 0 ? QStringLiteral("max answer %1 tokens").arg(now.maxTokens)
                              : QStringLiteral("max answer restored"));
    const bool fbBefore = before.fallbackModel && !m_config.fallbackModel.isEmpty();
    const bool fbNow = now.fallbackModel && !m_config.fallbackModel.isEmpty();
    if (fbNow != fbBefore)
        add(GovernorAction::Kind::SwitchModel, fbNow ? 1 : 0,
            fbNow ? QStringLiteral("switch to fallback model %1").arg(m_config.fallbackModel)
                  : QStringLiteral("switch back to the user's model"),
            fbNow ? m_config.fallbackModel : QString());
    if (now.pause != before.pause)
        add(GovernorAction::Kind::Pause, now.pause ? 1 : 0,
            now.pause ? QStringLiteral("pause: too hot to answer") : QStringLiteral("resume answering"));
    (void)levelAbove;
}

}  // namespace peregrine
