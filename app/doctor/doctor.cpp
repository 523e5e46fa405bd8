// runDoctor's system half (CPU, memory, thermal, cpufreq, audio, runtimes) and the text report. The models
// half is in doctor_models.cpp.
#include "doctor/doctor.h"

#include <dlfcn.h>
#include <link.h>

#include <QSysInfo>
#include <QThread>

#include "kernels/cpu_features.h"
#include "kernels/vec_dot.h"
#include "system/memory_info.h"
#include "system/thermal_monitor.h"

namespace peregrine {

void addModelChecks(const DoctorOptions& options, DoctorReport* report);  // doctor_models.cpp

namespace {

void add(DoctorReport* r, const QString& section, DoctorStatus status, const QString& text,
         const QString& fix = {}) {
    r->checks << DoctorCheck{section, status, text, fix};
}

void cpuChecks(const DoctorOptions& o, DoctorReport* r) {
    const QString cpu = o.cpuLine.isEmpty() ? QString::fromStdString(cpuDescription()) : o.cpuLine;
    const QString kernels =
        o.kernelLine.isEmpty() ? QString::fromStdString(kernelDescription()) : o.kernelLine;
    add(r, QStringLiteral("cpu"), DoctorStatus::Info,
        QStringLiteral("%1, %2 cores: %3")
            .arg(QSysInfo::currentCpuArchitecture())
            .arg(QThread::idealThreadCount())
            .arg(cpu));
    const QString table = kernels.section(QLatin1Char(' '), 0, 0);
    if (table.isEmpty() || table.startsWith(QLatin1String("SCALAR")) ||
        table.startsWith(QLatin1String("EMU128")))
        add(r, QStringLiteral("cpu"), DoctorStatus::Warning,
            QStringLiteral("kernels: %1 (no SIMD table for this CPU: answers will be slow)").arg(kernels),
            QStringLiteral("use a board with NEON (aarch64) or AVX2 (x86-64)"));
    else
        add(r, QStringLiteral("cpu"), DoctorStatus::Ok, QStringLiteral("kernels: %1").arg(kernels));
}

void memoryChecks(const DoctorOptions& o, DoctorReport* r) {
    const MemoryInfo m = readMemoryInfo(o.procRoot);
    if (m.totalBytes < 0 || m.availableBytes < 0) {
        add(r, QStringLiteral("memory"), DoctorStatus::Warning,
            QStringLiteral("cannot read %1/meminfo: the memory fit of models is not checked").arg(o.procRoot),
            QStringLiteral("mount /proc, or set models.memory_limit_mb to the memory a model may use"));
        return;
    }
    const QString text = QStringLiteral("%1 total, %2 available")
                             .arg(formatBytes(m.totalBytes), formatBytes(m.availableBytes));
    if (m.availableBytes < (qint64(1) << 30))
        add(r, QStringLiteral("memory"), DoctorStatus::Warning,
            text + QStringLiteral(": under 1 GB free, only the smallest models fit"),
            QStringLiteral("stop other services, or pick a smaller model (see the models section)"));
    else
        add(r, QStringLiteral("memory"), DoctorStatus::Ok, text);
}

void thermalChecks(const DoctorOptions& o, DoctorReport* r) {
    const ThermalSnapshot s = readThermalSnapshot(o.sysfsRoot, o.procRoot, LevelThresholds{}, false);
    const QString th = QStringLiteral("thermal");
    if (s.zones.isEmpty()) {
        add(r, th, DoctorStatus::Warning,
            QStringLiteral("no thermal zones under %1/class/thermal: the governor cannot react to heat")
                .arg(o.sysfsRoot),
            QStringLiteral(
                "enable the SoC's thermal driver (CONFIG_THERMAL and the board's tsens/soctherm/rockchip "
                "driver) or point thermal.sysfs_root at the right tree"));
    } else {
        add(r, th, DoctorStatus::Ok,
            QStringLiteral("board %1, %2 zones").arg(thermalBoardName(s.board)).arg(s.zones.size()));
        for (int i = 0; i < s.zones.size(); ++i) {
            const ZoneReading& z = s.zones[i];
            add(r, th, DoctorStatus::Info,
                QStringLiteral("%1 %2 %3%4")
                    .arg(
                        z.name, z.type,
                        z.valid ? QStringLiteral("%1 °C").arg(z.tempC, 0, 'f', 1) : QStringLiteral("offline"),
                        i == s.hottestZone ? QStringLiteral(" (hottest)") : QString()));
        }
        if (s.hottestZone < 0)
            add(r, th, DoctorStatus::Warning,
                QStringLiteral("no zone gives a usable temperature for the CPU/SoC"),
                QStringLiteral(
                    "check the zones' temp files; set thermal.governor: false if the board has none"));
        else if (s.level >= ThermalLevel::Hot)
            add(r, th, DoctorStatus::Warning,
                QStringLiteral("the board is %1 now, idle").arg(thermalLevelName(s.level)),
                QStringLiteral("check the heat sink and the airflow around the board"));
    }
    const QString cf = QStringLiteral("cpufreq");
    if (s.cpus.isEmpty()) {
        add(r, cf, DoctorStatus::Warning,
            QStringLiteral("no cpufreq under %1/devices/system/cpu: throttling is seen from temperature only")
                .arg(o.sysfsRoot),
            QStringLiteral("enable the board's cpufreq driver (CONFIG_CPU_FREQ)"));
    } else {
        for (const CpuFreq& c : s.cpus)
            add(r, cf, DoctorStatus::Info,
                QStringLiteral("cpu%1 %2 MHz (limit %3, max %4)")
                    .arg(c.cpu)
                    .arg(c.curKHz / 1000)
                    .arg(c.scalingMaxKHz / 1000)
                    .arg(c.maxKHz / 1000));
        if (s.throttled)
            add(r, cf, DoctorStatus::Warning, QStringLiteral("throttled now: %1").arg(s.throttleReason),
                QStringLiteral("let the board cool; check the heat sink and the cooling devices"));
    }
    // Only boards with an NPU the app can use say anything here; a PC or a Jetson has none to report.
    if (s.npu.readable)
        add(r, QStringLiteral("npu"), DoctorStatus::Info,
            QStringLiteral("load %1 (%2)").arg(s.npu.text(), s.npu.source));
    else if (s.board == ThermalBoard::Rk3588 || s.board == ThermalBoard::Qcs6490)
        add(r, QStringLiteral("npu"), DoctorStatus::Info, QStringLiteral("load %1").arg(s.npu.text()),
            s.board == ThermalBoard::Rk3588
                ? QStringLiteral(
                      "run as root or mount debugfs (/sys/kernel/debug/rknpu/load) to see the NPU's load")
                : QStringLiteral(
                      "Qualcomm kernels do not expose the Hexagon NPU's load; tok/s is the measure"));
}

void audioChecks(const DoctorOptions& o, DoctorReport* r) {
    const QString au = QStringLiteral("audio");
    if (!o.audio.probed) {
        add(r, au, DoctorStatus::Info, QStringLiteral("not probed"));
        return;
    }
    const QString none = QStringLiteral("(none)");
    add(r, au, DoctorStatus::Info,
        QStringLiteral("microphones: %1")
            .arg(o.audio.inputs.isEmpty() ? none : o.audio.inputs.join(QStringLiteral(", "))));
    add(r, au, DoctorStatus::Info,
        QStringLiteral("loudspeakers: %1")
            .arg(o.audio.outputs.isEmpty() ? none : o.audio.outputs.join(QStringLiteral(", "))));
    if (!o.voiceEnabled) return;
    const QString fix = QStringLiteral(
        "plug the device in and check `pactl list short sources` / `sinks` as the service user (the unit "
        "needs "
        "the audio group and a PipeWire/PulseAudio session), or set voice.enabled: false for text only");
    if (o.audio.inputs.isEmpty())
        add(r, au, DoctorStatus::Warning,
            QStringLiteral("no microphone: voice questions will not work, text will"), fix);
    if (o.audio.outputs.isEmpty())
        add(r, au, DoctorStatus::Warning, QStringLiteral("no loudspeaker: answers are shown, not spoken"),
            fix);
}

void runtimeChecks(const DoctorOptions& o, DoctorReport* r) {
    const QString rt = QStringLiteral("runtimes");
    for (const DoctorLibrary& lib : o.libraries)
        add(r, rt, DoctorStatus::Info,
            lib.path.isEmpty() ? QStringLiteral("%1: not found").arg(lib.name)
                               : QStringLiteral("%1: %2").arg(lib.name, lib.path));
    const BoardRuntime& q = o.board.qairt;
    add(r, rt, DoctorStatus::Info,
        q.version ? QStringLiteral("QAIRT %1 (%2)").arg(q.version->display(), q.source)
                  : QStringLiteral("QAIRT: unknown (no libGenie/QNN; Genie bundles cannot run)"));
    if (!q.detail.isEmpty()) add(r, rt, DoctorStatus::Info, q.detail.trimmed());
    const BoardRuntime& k = o.board.rkllm;
    add(r, rt, DoctorStatus::Info,
        k.version ? QStringLiteral("RKLLM %1 (%2)").arg(k.version->display(), k.source)
                  : QStringLiteral("RKLLM: version unknown (set runtimes.rkllm.version)"));
}

}  // namespace

QString doctorStatusName(DoctorStatus status) {
    switch (status) {
        case DoctorStatus::Ok:
            return QStringLiteral("ok");
        case DoctorStatus::Info:
            return QStringLiteral("info");
        case DoctorStatus::Warning:
            return QStringLiteral("warn");
        case DoctorStatus::Problem:
            break;
    }
    return QStringLiteral("FAIL");
}

int DoctorReport::count(DoctorStatus status) const {
    int n = 0;
    for (const DoctorCheck& c : checks) n += c.status == status ? 1 : 0;
    return n;
}

QList<DoctorLibrary> probeRuntimeLibraries() {
    QList<DoctorLibrary> libs;
    for (const char* name : {"libGenie.so", "libQnnHtp.so", "librkllmrt.so", "libllama.so"}) {
        DoctorLibrary lib{QString::fromLatin1(name), {}};
        if (void* h = dlopen(name, RTLD_LAZY | RTLD_LOCAL)) {
            link_map* map = nullptr;
            if (dlinfo(h, RTLD_DI_LINKMAP, &map) == 0 && map && map->l_name)
                lib.path = QString::fromLocal8Bit(map->l_name);
            if (lib.path.isEmpty()) lib.path = QStringLiteral("(loaded)");
            dlclose(h);
        }
        libs << lib;
    }
    return libs;
}

DoctorReport runDoctor(const DoctorOptions& options) {
    DoctorReport r;
    cpuChecks(options, &r);
    memoryChecks(options, &r);
    thermalChecks(options, &r);
    audioChecks(options, &r);
    runtimeChecks(options, &r);
    addModelChecks(options, &r);
    for (const QString& e : options.configErrors)
        add(&r, QStringLiteral("config"), DoctorStatus::Problem, e,
            QStringLiteral("correct the file and line named; `peregrine-cli config` shows every key"));
    return r;
}

QString formatDoctorReport(const DoctorReport& report) {
    QString text, section;
    for (const DoctorCheck& c : report.checks) {
        if (c.section != section) {
            section = c.section;
            text += QStringLiteral("%1%2:\n").arg(text.isEmpty() ? QString() : QStringLiteral("\n"), section);
        }
        text += QStringLiteral("  [%1] %2\n").arg(doctorStatusName(c.status).leftJustified(4), c.text);
        if (!c.fix.isEmpty() && c.status >= DoctorStatus::Warning)
            text += QStringLiteral("         fix: %1\n").arg(c.fix);
    }
    const int problems = report.count(DoctorStatus::Problem);
    const int warnings = report.count(DoctorStatus::Warning);
    text += QLatin1Char('\n');
    if (problems == 0 && warnings == 0)
        text += QStringLiteral("everything needed is here\n");
    else
        text += QStringLiteral("%1 problem%2, %3 warning%4%5\n")
                    .arg(problems)
                    .arg(problems == 1 ? "" : "s")
                    .arg(warnings)
                    .arg(warnings == 1 ? "" : "s")
                    .arg(problems ? QStringLiteral(": fix the FAIL lines first")
                                  : QStringLiteral(": it will run"));
    return text;
}

}  // namespace peregrine
