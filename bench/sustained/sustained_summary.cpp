#include "sustained_summary.h"

#include <algorithm>

namespace peregrine::bench {

double windowTokPerSec(const QList<SustainedSample>& samples, double fromS, double lengthS) {
    double tokens = 0, seconds = 0;
    for (const SustainedSample& s : samples) {
        if (s.dtS <= 0 || s.tS <= fromS || s.tS - s.dtS >= fromS + lengthS) continue;
        tokens += s.tokens;
        seconds += s.dtS;
    }
    return seconds > 0 ? tokens / seconds : 0;
}

QStringList sustainedSummary(const SustainedRun& run) {
    QStringList out;
    if (run.samples.isEmpty()) return out;
    const SustainedSample& end = run.samples.last();
    const double totalS = end.tS;
    qint64 tokens = 0, minKHz = 0, maxKHz = 0;
    double levelSeconds[4] = {0, 0, 0, 0};
    double firstTempC = 0, maxTempC = 0;
    bool haveTemp = false;
    for (const SustainedSample& s : run.samples) {
        tokens += s.tokens;
        levelSeconds[std::clamp(s.level, 0, 3)] += s.dtS;
        if (s.sensor) {
            if (!haveTemp) firstTempC = s.tempC;
            haveTemp = true;
            maxTempC = std::max(maxTempC, s.tempC);
        }
        if (s.curKHz > 0) {
            minKHz = minKHz > 0 ? std::min(minKHz, s.curKHz) : s.curKHz;
            maxKHz = std::max(maxKHz, s.curKHz);
        }
    }
    const double window = std::min(60.0, totalS / 3);
    const double first = windowTokPerSec(run.samples, 0, window);
    const double last = windowTokPerSec(run.samples, totalS - window, window);

    out << QStringLiteral("summary: governor %1, %2 s, model %3, %4 threads, max %5 tokens per answer")
               .arg(run.governorOn ? "on" : "off")
               .arg(totalS, 0, 'f', 1)
               .arg(run.model)
               .arg(run.threads)
               .arg(run.maxTokens);
    out << QStringLiteral("tokens: %1 in %2 s = %3 tok/s")
               .arg(tokens)
               .arg(totalS, 0, 'f', 1)
               .arg(totalS > 0 ? tokens / totalS : 0, 0, 'f', 2);
    out << QStringLiteral("tok/s first %1 s: %2, last %1 s: %3, last/first %4")
               .arg(window, 0, 'f', 0)
               .arg(first, 0, 'f', 2)
               .arg(last, 0, 'f', 2)
               .arg(first > 0 ? last / first : 0, 0, 'f', 3);
    if (haveTemp)
        out << QStringLiteral("temperature (%1): start %2 °C, max %3 °C, end %4 °C")
                   .arg(run.sensor)
                   .arg(firstTempC, 0, 'f', 1)
                   .arg(maxTempC, 0, 'f', 1)
                   .arg(end.tempC, 0, 'f', 1);
    else
        out << QStringLiteral("temperature: not measured (no thermal zones under %1)").arg(run.zonesDir);
    out << (maxKHz > 0 ? QStringLiteral("clocks (fastest cluster): %1 to %2 MHz, end %3 MHz")
                             .arg(minKHz / 1000)
                             .arg(maxKHz / 1000)
                             .arg(end.curKHz / 1000)
                       : QStringLiteral("clocks: not measured (no cpufreq)"));
    if (haveTemp) {
        QStringList changes, times;
        for (const GovernorAction& a : run.actions)
            if (a.kind == GovernorAction::Kind::LevelChanged)
                changes << QStringLiteral("%1 at %2 s")
                               .arg(governorLevelName(a.level))
                               .arg(a.atMs / 1000.0, 0, 'f', 1);
        for (int l = 0; l < 4; ++l)
            if (levelSeconds[l] > 0)
                times << QStringLiteral("%1 %2 s")
                             .arg(governorLevelName(GovernorLevel(l)))
                             .arg(levelSeconds[l], 0, 'f', 1);
        out << QStringLiteral("level changes: %1%2; time at level: %3")
                   .arg(changes.size())
                   .arg(changes.isEmpty() ? QString()
                                          : QStringLiteral(" (") + changes.join(QStringLiteral(", ")) + ")")
                   .arg(times.join(QStringLiteral(", ")));
    } else {
        out << QStringLiteral("levels: not measured (no sensor)");
    }
    out << QStringLiteral("governor actions: %1%2")
               .arg(run.actions.size())
               .arg(run.governorOn ? QString() : QStringLiteral(" (governor off: none applied)"));
    for (const GovernorAction& a : run.actions)
        out << QStringLiteral("  [%1 s] %2").arg(a.atMs / 1000.0, 7, 'f', 1).arg(a.description);
    return out;
}

}  // namespace peregrine::bench
