// peregrine-cli doctor: what on this board works and what does not (app/doctor), for the person fitting it.
// Exit 0 when everything needed is here (warnings allowed), 1 when a check failed, 2 on a usage error.
#include <QCoreApplication>
#include <cstdio>

#include "audio/audio_devices.h"
#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "config/config_loader.h"
#include "doctor/doctor.h"

namespace peregrine::cli {

namespace {

constexpr const char* kUsage =
    "usage: peregrine-cli doctor [--kiosk] [--config FILE] [--dir MODELS] [--root SYSFS] [--proc PROC]\n"
    "                            [--no-audio] [--no-checksum] [--memory-limit MB]\n"
    "  CPU and kernel table, memory, thermal zones, cpufreq, audio devices, runtimes (libGenie/QAIRT,\n"
    "  librkllmrt, libllama), the models folders and each model's verdict; each problem with its fix.\n"
    "  --kiosk: the kiosk's defaults (models in /var/lib/peregrine/models). Exit 1 when something needed\n"
    "  is missing.\n";

}  // namespace

int cmdDoctor(const Args& args) {
    ArgParser p({"--config", "--dir", "--root", "--proc", "--memory-limit"},
                {"--kiosk", "--no-audio", "--no-checksum", "--help", "-h"});
    if (!p.parse(args) || !p.positionals().empty()) {
        std::fprintf(stderr, "peregrine-cli doctor: %s\n%s",
                     p.error().empty() ? "unexpected argument" : p.error().c_str(), kUsage);
        return 2;
    }
    if (p.has("--help") || p.has("-h")) {
        std::printf("%s", kUsage);
        return 0;
    }
    const std::optional<long long> limitMb = p.intValue("--memory-limit");
    if (!p.error().empty()) {
        std::fprintf(stderr, "peregrine-cli doctor: %s\n", p.error().c_str());
        return 2;
    }
    ConfigLoader loader;
    loader.setLogDiagnostics(false);
    loader.setKiosk(p.has("--kiosk"));
    const ConfigResult cfg = loader.load(QString::fromStdString(p.value("--config").value_or("")));
    const AppConfig& c = cfg.config;

    DoctorOptions o;
    o.sysfsRoot = QString::fromStdString(p.value("--root").value_or(c.thermal.sysfsRoot.toStdString()));
    o.procRoot = QString::fromStdString(p.value("--proc").value_or("/proc"));
    o.modelDirs = p.has("--dir") ? QStringList{QString::fromStdString(*p.value("--dir"))} : c.models.dirs;
    o.currentModel = c.models.current;
    o.contextLength = c.inference.contextLength;
    o.memoryLimitBytes = (limitMb ? *limitMb : c.models.memoryLimitMb) << 20;
    o.checksum = !p.has("--no-checksum");
    o.voiceEnabled = c.voice.enabled;
    o.board = detectBoardRuntimes(c.runtimes.qairtVersion, c.runtimes.rkllmVersion);
    o.libraries = probeRuntimeLibraries();
    o.configErrors = cfg.errors;

    // The audio server is asked through Qt Multimedia, which needs an application object.
    int argc = 1;
    char name[] = "peregrine-cli";
    char* argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);
    if (!p.has("--no-audio")) {
        o.audio.probed = true;
        o.audio.inputs = audio::inputDeviceNames();
        o.audio.outputs = audio::outputDeviceNames();
    }

    const DoctorReport report = runDoctor(o);
    std::printf("%s", formatDoctorReport(report).toUtf8().constData());
    return report.ok() ? 0 : 1;
}

}  // namespace peregrine::cli
