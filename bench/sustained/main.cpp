// sustained: answers a prompt over and over for --minutes and writes one thermal-trace line per poll
// (t_s,temp_c,cur_khz,max_khz,cooling_state,decode_tok_s plus level and threads), so runs with the governor
// on and off can be compared, and replayed with `peregrine-cli thermal --replay`.
//
//   sustained -m MODEL [--minutes 10] [--governor on|off] [--root /sys] [--threads N] [--max-tokens 128]
//             [--poll-ms 2000] [--out run.csv]
// With the governor on, its thread and answer-length levers apply to the session and a critical level
// pauses generation until it is lifted. Exit 0 on success, 1 on a load error, 2 on usage errors.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <algorithm>
#include <cstdio>

#include "runtime/session.h"
#include "system/governor.h"
#include "system/governor_controller.h"
#include "system/thermal_monitor.h"
#include "system/thermal_trace.h"

using namespace peregrine;

namespace {

struct Options {
    QString model, root = QStringLiteral("/sys"), out;
    double minutes = 10;
    bool governor = true;
    int threads = 0, maxTokens = 128, pollMs = 2000;
};

bool parse(const QStringList& args, Options* o) {
    for (int i = 1; i < args.size(); ++i) {
        const QString a = args[i];
        const bool hasValue = i + 1 < args.size();
        const QString v = hasValue ? args[i + 1] : QString();
        if ((a == QLatin1String("-m") || a == QLatin1String("--model")) && hasValue)
            o->model = v, ++i;
        else if (a == QLatin1String("--minutes") && hasValue)
            o->minutes = v.toDouble(), ++i;
        else if (a == QLatin1String("--governor") && hasValue)
            o->governor = v == QLatin1String("on"), ++i;
        else if (a == QLatin1String("--root") && hasValue)
            o->root = v, ++i;
        else if (a == QLatin1String("--threads") && hasValue)
            o->threads = v.toInt(), ++i;
        else if (a == QLatin1String("--max-tokens") && hasValue)
            o->maxTokens = std::max(1, v.toInt()), ++i;
        else if (a == QLatin1String("--poll-ms") && hasValue)
            o->pollMs = std::max(100, v.toInt()), ++i;
        else if (a == QLatin1String("--out") && hasValue)
            o->out = v, ++i;
        else
            return false;
    }
    return !o->model.isEmpty() && o->minutes > 0;
}

int coolingState(const ThermalSnapshot& s) {
    int state = 0;
    for (const CoolingDevice& c : s.coolingDevices)
        if (!c.type.contains(QLatin1String("fan"), Qt::CaseInsensitive)) state = std::max(state, c.curState);
    return state;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    Options o;
    if (!parse(app.arguments(), &o)) {
        std::fprintf(
            stderr,
            "usage: sustained -m MODEL [--minutes 10] [--governor on|off] [--root /sys] [--threads N]\n"
            "                 [--max-tokens 128] [--poll-ms 2000] [--out run.csv]\n");
        return 2;
    }
    auto loaded = Session::load(o.model.toStdString(), SessionOptions{4096, o.threads});
    if (!loaded.isOk()) {
        std::fprintf(stderr, "sustained: %s\n", loaded.message().c_str());
        return 1;
    }
    std::unique_ptr<Session> session = std::move(loaded.value());
    FILE* out = stdout;
    if (!o.out.isEmpty() && !(out = std::fopen(o.out.toLocal8Bit().constData(), "w"))) {
        std::fprintf(stderr, "sustained: cannot write %s\n", o.out.toLocal8Bit().constData());
        return 1;
    }
    std::fprintf(out, "# sustained: governor %s, model %s\n%s,level,threads\n", o.governor ? "on" : "off",
                 o.model.toUtf8().constData(), kThermalTraceHeader);

    ThermalSnapshot snap = readThermalSnapshot(o.root, QStringLiteral("/proc"), {}, true);
    ThermalConfig tc;
    ThermalGovernor governor(governorConfigFrom(tc, snap.board, false, false));
    QElapsedTimer clock;
    clock.start();
    qint64 nextPollMs = 0;
    double lastTokS = 0;
    int threads = o.threads, maxTokens = o.maxTokens;
    auto poll = [&] {
        snap = readThermalSnapshot(o.root, QStringLiteral("/proc"), {}, true);
        GovernorInput in = governorInputFromSnapshot(snap);
        in.decodeTokPerSec = lastTokS;
        if (o.governor) {
            for (const GovernorAction& a : governor.update(clock.elapsed(), in)) {
                std::fprintf(stderr, "[%7.1f s] %s\n", clock.elapsed() / 1000.0,
                             a.description.toUtf8().constData());
                if (a.kind == GovernorAction::Kind::SetThreads) {
                    threads = a.value > 0 ? a.value : o.threads;
                    session->setThreads(threads);
                }
                if (a.kind == GovernorAction::Kind::SetMaxTokens)
                    maxTokens = a.value > 0 ? std::min(a.value, o.maxTokens) : o.maxTokens;
            }
        }
        ThermalTraceSample s{clock.elapsed() / 1000.0, in.tempC, in.curKHz, in.maxKHz,
                             coolingState(snap),       lastTokS};
        std::fprintf(out, "%s,%d,%d\n", thermalTraceLine(s).toUtf8().constData(), int(governor.level()),
                     threads);
        std::fflush(out);
        nextPollMs = clock.elapsed() + o.pollMs;
    };

    const qint64 endMs = static_cast<qint64>(o.minutes * 60000);
    while (clock.elapsed() < endMs) {
        if (clock.elapsed() >= nextPollMs) poll();
        if (o.governor && governor.paused()) {  // critical: wait for the governor to lift the pause
            lastTokS = 0;
            QThread::msleep(static_cast<unsigned long>(std::max<qint64>(0, nextPollMs - clock.elapsed())));
            continue;
        }
        session->reset();
        GenerateOptions gen;
        gen.maxTokens = maxTokens;
        auto stats =
            session->complete("Describe the route from the depot to the north gate in detail, step by step.",
                              gen, [&](std::string_view, int32_t) {
                                  if (clock.elapsed() >= nextPollMs) poll();
                                  return clock.elapsed() < endMs && !(o.governor && governor.paused());
                              });
        if (!stats.isOk()) {
            std::fprintf(stderr, "sustained: %s\n", stats.message().c_str());
            return 1;
        }
        if (stats->decodeTokPerSec > 0) lastTokS = stats->decodeTokPerSec;
    }
    if (out != stdout) std::fclose(out);
    return 0;
}
