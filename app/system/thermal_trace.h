// Recorded thermal traces: CSV files with a header row naming the columns, e.g.
//   t_s,temp_c,cur_khz,max_khz,cooling_state,decode_tok_s
//   0,62.5,2400000,2400000,0,11.8
// t_s and temp_c are required; the other columns are optional, in any order; blank lines and lines starting
// with '#' are skipped. Used by `peregrine-cli thermal --replay`, the governor tests and bench/sustained.
#pragma once

#include <QList>
#include <QString>

#include "system/governor.h"

namespace peregrine {

struct ThermalTraceSample {
    double tS = 0;
    double tempC = 0;
    qint64 curKHz = 0, maxKHz = 0;
    int coolingState = 0;
    double decodeTokPerSec = 0;
};

// Parses a trace. False with *error ("trace.csv:4: expected a number in temp_c, got 'hot'") on a bad file;
// samples must be in non-decreasing time order.
bool parseThermalTrace(const QString& text, const QString& name, QList<ThermalTraceSample>* samples,
                       QString* error);
bool loadThermalTrace(const QString& path, QList<ThermalTraceSample>* samples, QString* error);

// The governor's input for one sample: throttled when a cooling device is in use or the current frequency
// is below 90% of the maximum.
GovernorInput governorInputFromSample(const ThermalTraceSample& sample);

// Feeds every sample to governor (time = t_s * 1000) and returns the actions in order.
QList<GovernorAction> replayThermalTrace(ThermalGovernor& governor, const QList<ThermalTraceSample>& samples);

// One CSV line for a sample (same columns as the header kThermalTraceHeader).
inline constexpr const char* kThermalTraceHeader = "t_s,temp_c,cur_khz,max_khz,cooling_state,decode_tok_s";
QString thermalTraceLine(const ThermalTraceSample& sample);

}  // namespace peregrine
