// peregrine-cli thermal: what the board's thermal sysfs says (zones, trips, cooling devices, cpufreq,
// throttling) and the governor level it maps to; --watch repeats every thermal.poll_ms and prints the
// governor's actions as they happen; --replay drives the governor from a recorded trace (thermal_trace.h).
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QString>
#include <QThread>
#include <cstdio>

#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "config/config_loader.h"
#include "system/governor.h"
#include "system/governor_controller.h"
#include "system/thermal_monitor.h"
#include "system/thermal_trace.h"

namespace peregrine::cli {

namespace {

void out(const QString& text) {
    std::printf("%s\n", text.toUtf8().constData());
}

QString roleName(ZoneRole role) {
    switch (role) {
        case ZoneRole::Cpu:
            return QStringLiteral("cpu");
        case ZoneRole::Soc:
            return QStringLiteral("soc");
        case ZoneRole::Npu:
            return QStringLiteral("npu");
        case ZoneRole::Gpu:
            return QStringLiteral("gpu");
        case ZoneRole::Other:
            break;
    }
    return QStringLiteral("other");
}

bool parseBoard(const std::string& name, ThermalBoard* board) {
    if (name == "qcs6490")
        *board = ThermalBoard::Qcs6490;
    else if (name == "jetson" || name == "orin")
        *board = ThermalBoard::JetsonOrin;
    else if (name == "rk3588")
        *board = ThermalBoard::Rk3588;
    else if (name == "generic" || name == "pc")
        *board = ThermalBoard::Pc;
    else
        return false;
    return true;
}

QString thresholdsText(const GovernorConfig& g) {
    return QStringLiteral("warm %1, hot %2, critical %3 °C, hysteresis %4 °C, restore step %5 s%6")
        .arg(g.warmC)
        .arg(g.hotC)
        .arg(g.criticalC)
        .arg(g.hysteresisC)
        .arg(g.restoreStepS)
        .arg(g.enabled ? QString() : QStringLiteral(" (governor off)"));
}

void printSnapshot(const ThermalSnapshot& s, const ThermalGovernor& governor, const GovernorInput& in) {
    out(QStringLiteral("board: %1").arg(thermalBoardName(s.board)));
    out(QStringLiteral("zones:%1").arg(s.zones.isEmpty() ? QStringLiteral(" (none)") : QString()));
    for (int i = 0; i < s.zones.size(); ++i) {
        const ZoneReading& z = s.zones[i];
        QStringList trips;
        for (const TripPoint& t : z.trips) trips << QStringLiteral("%1 %2").arg(t.type).arg(t.tempC);
        out(QStringLiteral("  %1 %2 %3 %4%5%6")
                .arg(z.name.leftJustified(15), z.type.leftJustified(20),
                     z.valid ? QStringLiteral("%1 °C").arg(z.tempC, 6, 'f', 1) : QStringLiteral("offline "),
                     roleName(z.cls.role).leftJustified(5),
                     trips.isEmpty() ? QString()
                                     : QStringLiteral(" trips: ") + trips.join(QStringLiteral(", ")),
                     i == s.hottestZone ? QStringLiteral("  <- hottest") : QString()));
    }
    out(QStringLiteral("cooling devices:%1")
            .arg(s.coolingDevices.isEmpty() ? QStringLiteral(" (none)") : QString()));
    for (const CoolingDevice& c : s.coolingDevices)
        out(QStringLiteral("  %1 %2/%3").arg(c.type.leftJustified(20)).arg(c.curState).arg(c.maxState));
    out(QStringLiteral("cpufreq:%1").arg(s.cpus.isEmpty() ? QStringLiteral(" (none)") : QString()));
    for (const CpuFreq& c : s.cpus)
        out(QStringLiteral("  cpu%1 %2 MHz (limit %3, max %4)")
                .arg(c.cpu)
                .arg(c.curKHz / 1000)
                .arg(c.scalingMaxKHz / 1000)
                .arg(c.maxKHz / 1000));
    out(QStringLiteral("npu load: %1%2")
            .arg(s.npu.text(),
                 s.npu.source.isEmpty() ? QString() : QStringLiteral(" from %1").arg(s.npu.source)));
    out(QStringLiteral("throttling: %1")
            .arg(s.throttled ? QStringLiteral("yes (%1)").arg(s.throttleReason) : QStringLiteral("no")));
    out(QStringLiteral("level: %1 (governor %2; by temperature alone: %3)")
            .arg(in.valid ? governorLevelName(governor.level()) : QStringLiteral("no sensor"),
                 thresholdsText(governor.config()), governorLevelName(governor.rawLevel(in))));
}

void printAction(const GovernorAction& a) {
    out(QStringLiteral("[%1 s] %2 %3")
            .arg(a.atMs / 1000.0, 8, 'f', 1)
            .arg(governorActionKindName(a.kind).leftJustified(10), a.description));
}

int replay(const QString& path, const GovernorConfig& config) {
    QList<ThermalTraceSample> samples;
    QString error;
    if (!loadThermalTrace(path, &samples, &error)) {
        std::fprintf(stderr, "peregrine-cli thermal: %s\n", error.toUtf8().constData());
        return 1;
    }
    ThermalGovernor governor(config);
    out(QStringLiteral("# replay %1: %2 samples; %3")
            .arg(path)
            .arg(samples.size())
            .arg(thresholdsText(config)));
    const QList<GovernorAction> actions = replayThermalTrace(governor, samples);
    for (const GovernorAction& a : actions) printAction(a);
    out(QStringLiteral("# final level %1, %2 actions")
            .arg(governorLevelName(governor.level()))
            .arg(actions.size()));
    return 0;
}

}  // namespace

int cmdThermal(const Args& args) {
    ArgParser parser({"--root", "--config", "--replay", "--board", "--count"}, {"--watch", "--help", "-h"});
    if (!parser.parse(args) || !parser.positionals().empty()) {
        std::fprintf(stderr, "peregrine-cli thermal: %s\n",
                     parser.error().empty() ? "unexpected argument" : parser.error().c_str());
        return 2;
    }
    if (parser.has("--help") || parser.has("-h")) {
        std::printf(
            "usage: peregrine-cli thermal [--root DIR] [--watch [--count N]] [--config FILE]\n"
            "       peregrine-cli thermal --replay TRACE.csv [--board qcs6490|jetson|rk3588|generic]\n"
            "  zones, trips, cooling devices, cpufreq, throttling and the governor level; --replay prints "
            "the\n"
            "  actions the governor takes on a trace (columns t_s,temp_c[,cur_khz,max_khz,cooling_state,"
            "decode_tok_s])\n");
        return 0;
    }
    ConfigLoader loader;
    const ConfigResult cfg = loader.load(QString::fromStdString(parser.value("--config").value_or("")));
    for (const QString& e : cfg.errors) std::fprintf(stderr, "warning: %s\n", e.toUtf8().constData());
    const ThermalConfig& tc = cfg.config.thermal;
    const bool warmSet = cfg.source(QStringLiteral("thermal.warm_c")) != QLatin1String("default");
    const bool hotSet = cfg.source(QStringLiteral("thermal.hot_c")) != QLatin1String("default");
    const std::optional<long long> count = parser.intValue("--count");
    if (!parser.error().empty()) {
        std::fprintf(stderr, "peregrine-cli thermal: %s\n", parser.error().c_str());
        return 2;
    }

    if (auto trace = parser.value("--replay")) {
        ThermalBoard board = ThermalBoard::Pc;
        if (auto b = parser.value("--board"); b && !parseBoard(*b, &board)) {
            std::fprintf(stderr,
                         "peregrine-cli thermal: unknown board '%s' (qcs6490, jetson, rk3588, generic)\n",
                         b->c_str());
            return 2;
        }
        return replay(QString::fromStdString(*trace), governorConfigFrom(tc, board, warmSet, hotSet));
    }

    const QString root = QString::fromStdString(parser.value("--root").value_or(tc.sysfsRoot.toStdString()));
    const LevelThresholds thresholds{tc.warmC, tc.hotC};
    ThermalSnapshot snap = readThermalSnapshot(root, QStringLiteral("/proc"), thresholds, false);
    ThermalGovernor governor(governorConfigFrom(tc, snap.board, warmSet, hotSet));
    QElapsedTimer clock;
    clock.start();
    GovernorInput in = governorInputFromSnapshot(snap);
    const QList<GovernorAction> first = governor.update(0, in);
    printSnapshot(snap, governor, in);
    if (!parser.has("--watch")) return 0;
    for (const GovernorAction& a : first) printAction(a);
    std::fflush(stdout);
    for (long long n = 1; !count || n < *count; ++n) {
        QThread::msleep(static_cast<unsigned long>(std::max(100, tc.pollMs)));
        snap = readThermalSnapshot(root, QStringLiteral("/proc"), thresholds, false);
        in = governorInputFromSnapshot(snap);
        const QList<GovernorAction> actions = governor.update(clock.elapsed(), in);
        out(QStringLiteral("[%1 s] %2 %3 throttled %4")
                .arg(clock.elapsed() / 1000.0, 8, 'f', 1)
                .arg(
                    in.valid ? QStringLiteral("%1 °C").arg(in.tempC, 0, 'f', 1) : QStringLiteral("no sensor"),
                    governorLevelName(governor.level()),
                    in.throttled ? in.throttleReason : QStringLiteral("no")));
        for (const GovernorAction& a : actions) printAction(a);
        std::fflush(stdout);
    }
    return 0;
}

}  // namespace peregrine::cli
