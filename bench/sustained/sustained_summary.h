// The samples bench/sustained records and the summary printed at the end of a run: tok/s over the first and
// the last minute (a third of the run when shorter than three minutes) and their ratio, the temperature and
// clock range, level changes with the time spent at each level, and the governor's actions.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "system/governor.h"

namespace peregrine::bench {

struct SustainedSample {
    double tS = 0, dtS = 0;  // covers the interval (tS - dtS, tS]; the first sample (t 0) has dtS 0
    int tokens = 0;          // generated in the interval
    bool sensor = false;     // tempC was measured
    double tempC = 0;
    qint64 curKHz = 0;  // fastest cluster; 0 = no cpufreq
    int level = 0;      // GovernorLevel during the interval
};

struct SustainedRun {
    bool governorOn = true;
    QString model;
    int threads = 0, maxTokens = 0;
    QString sensor;    // "cpu4-thermal (thermal_zone2, board Qualcomm QCS6490)"; empty = no thermal zones
    QString zonesDir;  // where zones were looked for
    QList<SustainedSample> samples;  // oldest first
    QList<GovernorAction> actions;   // every action the governor took, applied or not
};

// Tokens per second over the intervals that overlap [fromS, fromS + lengthS) (0 when none).
double windowTokPerSec(const QList<SustainedSample>& samples, double fromS, double lengthS);

// The summary lines (no prefix, no newline).
QStringList sustainedSummary(const SustainedRun& run);

}  // namespace peregrine::bench
