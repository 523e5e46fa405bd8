// peregrine-cli doctor: one report for the person fitting a board. Each check is a line with a status and,
// for a problem, the fix: CPU and the kernel table chosen, memory, thermal zones and their types, cpufreq,
// audio devices, vendor runtimes (libGenie and QAIRT, librkllmrt, libllama), the models folders and each
// model's verdict. Collection is plain data in, plain data out, so tests run it on fixture sysfs/proc trees.
// Thread: any thread with a Qt application object (the audio probe asks the audio server); cost: the reads
// of ThermalMonitor plus a verification of every model (a checksum pass when a sidecar gives one).
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "models/runtime_version.h"

namespace peregrine {

enum class DoctorStatus {
    Ok,       // works
    Info,     // a fact, nothing to do (an optional runtime that is absent, a zone reading)
    Warning,  // works with less (no microphone: text only; no cpufreq: heat seen from temperature only)
    Problem,  // something needed is missing or broken: `doctor` exits non-zero
};
QString doctorStatusName(DoctorStatus status);  // "ok", "info", "warn", "FAIL"

struct DoctorCheck {
    QString section;  // "cpu", "memory", "thermal", "cpufreq", "audio", "runtimes", "models", "config"
    DoctorStatus status = DoctorStatus::Info;
    QString text;  // what was found, with the numbers
    QString fix;   // what to do about it (warnings and problems); may be empty
};

// The audio devices seen by the caller (audio_devices.h) or a test; probed = false: not looked at.
struct DoctorAudio {
    bool probed = false;
    QStringList inputs;
    QStringList outputs;
};

// A shared library found by dlopen, with the file it resolved to (empty path = not found).
struct DoctorLibrary {
    QString name;  // "libGenie.so"
    QString path;  // "/usr/lib/libGenie.so"
};

struct DoctorOptions {
    QString sysfsRoot = QStringLiteral("/sys");
    QString procRoot = QStringLiteral("/proc");
    QStringList modelDirs;
    QString currentModel;  // models.current ("" = the first that verifies)
    int contextLength = 4096;
    qint64 memoryLimitBytes = 0;  // models.memory_limit_mb in bytes; 0 = MemAvailable
    bool checksum = true;
    bool voiceEnabled = true;
    BoardRuntimes board;             // detectBoardRuntimes() (tests: default, unknown)
    QList<DoctorLibrary> libraries;  // probeRuntimeLibraries() (tests: fixed lists)
    DoctorAudio audio;
    QStringList configErrors;  // errors of the layered config (each one is a problem)
    QString cpuLine;           // cpuDescription(); "" = ask the CPU
    QString kernelLine;        // kernelDescription(); "" = ask the engine
};

struct DoctorReport {
    QList<DoctorCheck> checks;

    int count(DoctorStatus status) const;
    bool ok() const { return count(DoctorStatus::Problem) == 0; }
};

// The runtime libraries the backends would load: libGenie.so, libQnnHtp.so, librkllmrt.so, libllama.so.
QList<DoctorLibrary> probeRuntimeLibraries();

DoctorReport runDoctor(const DoctorOptions& options);

// Plain text, one section after another; each problem line is followed by "  fix: ...". Ends with a summary
// line ("2 problems, 1 warning" or "everything needed is here").
QString formatDoctorReport(const DoctorReport& report);

}  // namespace peregrine
