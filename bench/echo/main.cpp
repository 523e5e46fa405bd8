// echo: the assistant hearing itself, measured through real audio devices. A private PulseAudio server
// (PulseRig) feeds the loudspeaker's monitor back into the microphone with a delay and gain; road noise
// (sox brown noise, low-passed like tyre and engine rumble) and the driver's questions (flite rms) are added
// at the microphone (CabMicrophone). The app's voice loop speaks answers (flite slt) through DevicePlayback
// and listens through DeviceCapture with the wake phrase on (EchoBench). Per rig delay and noise condition:
// ERLE, false barge-ins and wake-ups over the answers; the driver's interruptions: barge-ins fired, p50
// latency from the first word, WER of the question.
//
//   echo [--delays 20,60,120,200] [--noise clean,road] [--answers 7] [--interruptions 3] [--gain-db 0]
//        [--snr 10] [--driver-db 0] [--fixed-delay] [--quick] [--check] [--db PATH]
// Exit: 0 done (and with --check every target met), 1 setup error, 3 --db rows not (all) stored, 4 --check
// failed, 77 PulseAudio or sox is not installed (the reason is printed).
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "audio/wav_file.h"
#include "echo_bench.h"
#include "echo_report.h"
#include "pulse_rig.h"

using namespace peregrine;

namespace {
constexpr int kSkip = 77;

audio::Pcm roadNoise(const QTemporaryDir& dir) {
    const QString path = dir.filePath("road.wav");
    const QStringList args = {"-n",    "-r", "16000",      "-c",      "1",   "-b",   "16", path,
                              "synth", "20", "brownnoise", "lowpass", "600", "gain", "-n", "-6"};
    if (QProcess::execute("sox", args) != 0) return {};
    auto pcm = audio::readWav16kMono(path.toStdString());
    return pcm ? pcm.value() : audio::Pcm{};
}

double rmsOf(const audio::Pcm& x) {
    double s = 0;
    for (int16_t v : x) s += double(v) * v;
    return x.empty() ? 0 : std::sqrt(s / x.size());
}
}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser cl;
    cl.setApplicationDescription(
        "Echo cancellation and barge-in through a PulseAudio loudspeaker-to-mic rig");
    cl.addHelpOption();
    cl.addOption({"delays", "rig loopback delays (ms)", "LIST", "20,60,120,200"});
    cl.addOption({"noise", "conditions: clean, road", "LIST", "clean,road"});
    cl.addOption({"answers", "answers per condition", "N", "7"});
    cl.addOption({"interruptions", "driver interruptions per condition", "N", "3"});
    cl.addOption({"gain-db", "loopback gain (dB)", "DB", "0"});
    cl.addOption({"snr", "road noise this far below the echo (dB)", "DB", "10"});
    cl.addOption({"driver-db", "the driver's level relative to the echo (dB)", "DB", "0"});
    cl.addOption({"near-end-db",
                  "double talk: the canceller removed at most this much (dB; default: the app's)", "DB"});
    cl.addOption(
        {"fixed-delay", "the old front end: fixed 60 ms hint, high suppression, no double-talk gate"});
    cl.addOption({"quick", "the CI subset: one delay (60 ms), 3 answers and 2 interruptions per condition"});
    cl.addOption({"check", "exit 4 unless every target of issue 18 is met"});
    cl.addOption({"db", "also store each condition in the app's database (table echo_runs)", "PATH"});
    cl.process(app);

    QStringList missing = bench::PulseRig::missingTools();
    if (QStandardPaths::findExecutable("sox").isEmpty()) missing << "sox";
    if (!missing.isEmpty()) {
        std::printf("SKIP: not installed: %s (apt-get install pulseaudio pulseaudio-utils sox)\n",
                    qPrintable(missing.join(", ")));
        return kSkip;
    }
    bench::EchoReport report(cl.value("db"));
    QLoggingCategory::setFilterRules(QStringLiteral("peregrine.*.info=false"));
    bench::PulseRig rig;
    if (!rig.start() || !rig.setGainDb(cl.value("gain-db").toDouble())) {
        std::fprintf(stderr, "echo: %s\n", qPrintable(rig.errorString()));
        return 1;
    }
    QTemporaryDir dir;
    const audio::Pcm noise = roadNoise(dir);
    if (noise.empty()) {
        std::fprintf(stderr, "echo: sox could not make road noise\n");
        return 1;
    }

    voice::VoiceConfig config;
    config.inputDevice = QStringLiteral("PeregrineMic");
    config.outputDevice = QStringLiteral("PeregrineSpeaker");
    config.wakeWord = true;
    config.followUpMs = 0;  // every turn opens with the wake phrase: false wake-ups are counted as such
    if (cl.isSet("near-end-db")) config.frontEnd.nearEndRatioDb = cl.value("near-end-db").toDouble();
    const bool fixed = cl.isSet("fixed-delay");
    if (fixed) {
        config.frontEnd.estimateEchoDelay = false;
        config.frontEnd.echoDelayMs = 60;
        config.frontEnd.echoSuppression = 2;
        config.frontEnd.nearEndRatioDb = 1000;
    }
    bench::EchoBench bench(config);
    if (!bench.initialize()) {
        std::fprintf(stderr, "echo: %s\n", qPrintable(bench.errorString()));
        return 1;
    }
    const bool quick = cl.isSet("quick");
    QStringList delays = cl.value("delays").split(',');
    if (quick && !cl.isSet("delays")) delays = {"60"};
    const int answers = quick && !cl.isSet("answers") ? 3 : cl.value("answers").toInt();
    const int interruptions = quick && !cl.isSet("interruptions") ? 2 : cl.value("interruptions").toInt();
    report.setMode(fixed ? QStringLiteral("fixed") : QStringLiteral("estimated"));
    report.printHeader();
    for (const QString& delayText : delays) {
        const int delay = delayText.toInt();
        if (!rig.setDelayMs(delay)) {
            std::fprintf(stderr, "echo: %s\n", qPrintable(rig.errorString()));
            return 1;
        }
        bench.setNoise({}, 0);
        bench::EchoBench::waitUntil([] { return false; }, 3000);  // the loopback settles on its latency
        // One answer (not counted) teaches the front end the new echo path and gives the echo's level.
        const double echoRms = bench.calibrate();
        for (const QString& condition : cl.value("noise").split(',')) {
            const bool road = condition == "road";
            bench.setNoise(noise, road ? echoRms * std::pow(10.0, -cl.value("snr").toDouble() / 20) /
                                             std::max(1.0, rmsOf(noise))
                                       : 0);
            // A cab is never silent: the front end's noise floor (a one-second window) has the road before
            // the answers start.
            if (road) bench::EchoBench::waitUntil([] { return false; }, 2000);
            bench.setDriverLevel(echoRms * std::pow(10.0, cl.value("driver-db").toDouble() / 20));
            const bench::AnswerStats a = bench.playAnswers(answers);
            const bench::InterruptStats b = bench.interrupt(interruptions, delay);
            report.add(delay, road ? QStringLiteral("road") : QStringLiteral("clean"), echoRms, a, b);
        }
    }
    report.printSummary();
    if (!report.storedAll()) return 3;
    if (cl.isSet("check") && !report.targetsMet(quick)) return 4;
    return 0;
}
