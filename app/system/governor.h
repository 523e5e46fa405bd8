// ThermalGovernor: turns thermal readings into levels (nominal / warm / hot / critical) with hysteresis and
// into actions (fewer inference threads, shorter answers, a smaller fallback model, pause at critical), and
// restores them one step at a time as the board cools.
//
// Plain logic, no timers and no I/O: update() is given the time and a reading and returns the actions it
// took, so tests and `peregrine-cli thermal --replay` drive it from recorded traces. GovernorController
// (governor_controller.h) runs it on the ThermalMonitor's polls inside the app.
//
// Rules (all thresholds in °C, from GovernorConfig):
//   - going up is immediate: the level is the highest one whose threshold the temperature reaches; a zone's
//     own passive/hot and critical trips lower the hot and critical thresholds; throttling (a cooling device
//     in use, or capped clocks) counts as at least `warm`.
//   - going down is stepwise: one level per restoreStepS seconds spent continuously below the current
//     level's threshold minus hysteresisC (and not throttled when leaving warm).
//   - every level change yields one LevelChanged action followed by the actions whose value differs from the
//     previous level's (threads, max tokens, fallback model, pause).
//   - levers by capability: the governor pulls only the levers the loaded backend has (GovernorLevers, from
//     the backend's capabilities). Without a thread lever (a server such as llama-server or Ollama behind the
//     openai backend) it never asks for threads and relies on max tokens, the fallback model and the pause.
// Thread: any single thread; not shared.
#pragma once

#include <QList>
#include <QString>

#include "config/app_config.h"
#include "system/thermal_zones.h"

namespace peregrine {

enum class GovernorLevel { Nominal = 0, Warm, Hot, Critical };
QString governorLevelName(GovernorLevel level);  // "nominal", "warm", "hot", "critical"

// What the governor asks for at one level. 0 threads / 0 maxTokens = the configured value (no cap).
struct GovernorLevelActions {
    int threads = 0;
    int maxTokens = 0;
    bool fallbackModel = false;  // switch to GovernorConfig::fallbackModel (when set)
    bool pause = false;          // refuse new answers, cancel the running one, show and speak a notice
};

struct GovernorConfig {
    bool enabled = true;
    double warmC = 70, hotC = 85, criticalC = 95;
    double hysteresisC = 5;
    int restoreStepS = 30;
    QString fallbackModel;                 // empty: no model switch
    GovernorLevelActions levels[4] = {{},  // nominal: everything as configured
                                      {0, 192, false, false},
                                      {2, 128, true, false},
                                      {1, 64, true, true}};
    const GovernorLevelActions& actions(GovernorLevel l) const { return levels[static_cast<int>(l)]; }
};

// Thresholds for a board family (reference/runtimes.md section 4): QCS6490 80/90/105 (hot trip 90, CPU HW
// throttling 95, critical trip 110), Jetson Orin 75/85/93 (throttles ~87 Tj, shutdown 97), RK3588 75/85/100
// (passive 85, critical 115), otherwise generic Linux 70/85/95.
GovernorConfig governorDefaults(ThermalBoard board);

// The governor config from the app config. warmSet/hotSet: thermal.warm_c / thermal.hot_c were given
// explicitly (else the board's values are used); thermal.critical_c 0 = the board's value.
GovernorConfig governorConfigFrom(const ThermalConfig& config, ThermalBoard board, bool warmSet, bool hotSet);

// What the loaded backend lets the governor change. Answer length and the pause are Peregrine's own (always
// available); the fallback model goes through the model switcher (always available when configured).
struct GovernorLevers {
    bool threads = true;  // BackendCapabilities::threadLever of the loaded backend
    QString runtime;      // who runs the model, for the "not adjustable on ..." text ("llama-server", ...)
};

struct GovernorInput {
    bool valid = false;  // false: no sensor (the level stays where it is, nothing is restored)
    double tempC = 0;
    double tripHotC = 0, tripCriticalC = 0;  // the hottest zone's own trips; 0 = none
    bool throttled = false;
    QString throttleReason;
    qint64 curKHz = 0, maxKHz = 0;  // informational (time series)
    double decodeTokPerSec = 0;     // informational (time series)
};

struct GovernorAction {
    enum class Kind { LevelChanged, SetThreads, SetMaxTokens, SwitchModel, Pause };
    Kind kind = Kind::LevelChanged;
    qint64 atMs = 0;
    GovernorLevel level = GovernorLevel::Nominal;  // the level after the change
    int value = 0;        // threads / max tokens (0 = back to configured), Pause: 1 pause, 0 resume
    QString model;        // SwitchModel: the model to use; empty = back to the user's model
    QString description;  // one line for the log and the screen: "hot (86.0 °C): threads 2"
};
QString governorActionKindName(GovernorAction::Kind kind);  // "level", "threads", "max_tokens", ...

class ThermalGovernor {
public:
    explicit ThermalGovernor(GovernorConfig config = {});

    const GovernorConfig& config() const { return m_config; }
    void setConfig(const GovernorConfig& config);  // keeps the level; takes effect at the next update

    const GovernorLevers& levers() const { return m_levers; }
    // A model loaded on another backend. Returns the actions to take now: a SetThreads with the current
    // level's count when a thread lever appears while the level limits threads (else none).
    QList<GovernorAction> setLevers(qint64 nowMs, const GovernorLevers& levers);
    // One line on the levers: "threads, answer length, pause" or "threads: not adjustable on llama-server".
    QString leversText() const;

    // One reading at nowMs (monotonic, ms). Returns the actions taken now (often none).
    QList<GovernorAction> update(qint64 nowMs, const GovernorInput& input);

    GovernorLevel level() const { return m_level; }
    const GovernorLevelActions& currentActions() const { return m_config.actions(m_level); }
    bool paused() const { return currentActions().pause; }
    // The level the temperature alone points to (no hysteresis, no restore delay): for display.
    GovernorLevel rawLevel(const GovernorInput& input) const;

private:
    double threshold(GovernorLevel level, const GovernorInput& input) const;
    void changeLevel(qint64 nowMs, GovernorLevel to, const GovernorInput& input, QList<GovernorAction>* out);

    GovernorConfig m_config;
    GovernorLevers m_levers;
    GovernorLevel m_level = GovernorLevel::Nominal;
    qint64 m_coolSinceMs = -1;  // since when the reading has been below the current level's restore point
};

}  // namespace peregrine
