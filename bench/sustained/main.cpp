// sustained: answers one prompt over and over for --minutes and records one sample per poll: time,
// temperature of the hottest relevant zone, clocks of the fastest CPU cluster, cooling state, tokens per
// second over the poll interval (tokens generated / wall time, so prompt passes and pauses count), the
// governor's level, threads and answer length. The samples are a thermal trace (CSV, `peregrine-cli thermal
// --replay` reads it) on stdout or --out, and with --db also rows of the app's thermal_samples table.
// A summary ends the run: tok/s in the first and the last minute and their ratio, temperature and clocks,
// level changes and the governor's actions.
//
//   sustained -m MODEL [--minutes 10] [--governor on|off] [--thermal-root DIR] [--threads N]
//             [--max-tokens 128] [--poll-ms MS] [--out run.csv] [--db PATH] [--config FILE]
//
// Governor on: its thread and answer-length levers apply to the session and critical pauses generation until
// it is lifted (a fallback model is recorded, not switched to). Governor off: the level it would take is
// still recorded and its actions listed as not applied. Thresholds and levers come from the thermal.* keys of
// the configuration (peregrine-cli config). Without thermal zones (VMs, some PCs) it says so and records
// tok/s only: temp_c is blank and no thermal_samples rows are written. Exit 0 ok, 1 load or output error, 2
// usage, 3 run done but the --db rows not (all) stored.
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QThread>
#include <algorithm>
#include <cstdio>

#include "config/config_loader.h"
#include "runtime/session.h"
#include "storage/database.h"
#include "system/governor.h"
#include "system/governor_controller.h"
#include "system/thermal_monitor.h"
#include "system/thermal_trace.h"
#include "sustained_summary.h"
#include "threads/thread_pool.h"

using namespace peregrine;

namespace {

struct Options {
    QString model, root, out, db, config;
    double minutes = 10;
    bool governor = true;
    int threads = 0, maxTokens = 128, pollMs = 0;  // pollMs 0: thermal.poll_ms
};

const char* const kUsage =
    "usage: sustained -m MODEL [--minutes 10] [--governor on|off] [--thermal-root DIR] [--threads N]\n"
    "                 [--max-tokens 128] [--poll-ms MS] [--out run.csv] [--db PATH] [--config FILE]\n"
    "  --thermal-root DIR  sysfs root (default thermal.sysfs_root, /sys); --root is the same\n"
    "  --poll-ms MS        sample interval (default thermal.poll_ms, 2000)\n"
    "  --out FILE          CSV samples (default stdout); the summary is appended as # lines\n"
    "  --db PATH           also store the samples in the app's database (table thermal_samples)\n";

bool parse(const QStringList& args, Options* o, QString* error) {
    for (int i = 1; i < args.size(); ++i) {
        const QString a = args[i];
        if (a == QLatin1String("-h") || a == QLatin1String("--help")) return false;
        if (i + 1 >= args.size()) {
            *error = QStringLiteral("unknown option or missing value: %1").arg(a);
            return false;
        }
        const QString v = args[++i];
        bool ok = true;
        if (a == QLatin1String("-m") || a == QLatin1String("--model"))
            o->model = v;
        else if (a == QLatin1String("--minutes"))
            o->minutes = v.toDouble(&ok), ok = ok && o->minutes > 0;
        else if (a == QLatin1String("--governor"))
            o->governor = v == QLatin1String("on"),
            ok = v == QLatin1String("on") || v == QLatin1String("off");
        else if (a == QLatin1String("--root") || a == QLatin1String("--thermal-root"))
            o->root = v;
        else if (a == QLatin1String("--threads"))
            o->threads = v.toInt(&ok), ok = ok && o->threads >= 0;
        else if (a == QLatin1String("--max-tokens"))
            o->maxTokens = v.toInt(&ok), ok = ok && o->maxTokens >= 1;
        else if (a == QLatin1String("--poll-ms"))
            o->pollMs = v.toInt(&ok), ok = ok && o->pollMs >= 100;
        else if (a == QLatin1String("--out"))
            o->out = v;
        else if (a == QLatin1String("--db"))
            o->db = v;
        else if (a == QLatin1String("--config"))
            o->config = v;
        else
            ok = false, *error = QStringLiteral("unknown option %1").arg(a);
        if (!ok) {
            if (error->isEmpty()) *error = QStringLiteral("bad value for %1: '%2'").arg(a, v);
            return false;
        }
    }
    if (o->model.isEmpty()) *error = QStringLiteral("no model given (-m)");
    return !o->model.isEmpty();
}

int coolingState(const ThermalSnapshot& s) {
    int state = 0;
    for (const CoolingDevice& c : s.coolingDevices)
        if (!c.type.contains(QLatin1String("fan"), Qt::CaseInsensitive)) state = std::max(state, c.curState);
    return state;
}

QByteArray utf8(const QString& s) {
    return s.toUtf8();
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    Options o;
    QString usageError;
    if (!parse(app.arguments(), &o, &usageError)) {
        if (!usageError.isEmpty()) std::fprintf(stderr, "sustained: %s\n", utf8(usageError).constData());
        std::fputs(kUsage, usageError.isEmpty() ? stdout : stderr);
        return usageError.isEmpty() ? 0 : 2;
    }
    ConfigLoader loader;
    loader.setLogDiagnostics(false);
    const ConfigResult cfg = loader.load(o.config);
    for (const QString& e : cfg.errors) std::fprintf(stderr, "sustained: warning: %s\n", utf8(e).constData());
    const ThermalConfig& tc = cfg.config.thermal;
    if (o.root.isEmpty()) o.root = tc.sysfsRoot;
    if (o.pollMs <= 0) o.pollMs = std::max(100, tc.pollMs);
    const int configuredThreads = o.threads > 0 ? o.threads : ThreadPool::defaultThreads();

    Database db;
    bool dbFailed = false;
    if (!o.db.isEmpty()) {
        QLoggingCategory::setFilterRules(
            QStringLiteral("peregrine.storage.info=false\nperegrine.storage.warning=false"));
        if (!db.open(o.db)) {  // reported now, the run goes ahead (exit 3 at the end)
            dbFailed = true;
            std::fprintf(stderr, "sustained: --db: %s; running anyway, the samples will not be stored\n",
                         utf8(db.lastError()).constData());
        }
    }
    auto loaded = Session::load(o.model.toStdString(), SessionOptions{4096, configuredThreads});
    if (!loaded.isOk()) {
        std::fprintf(stderr, "sustained: %s\n", loaded.message().c_str());
        return 1;
    }
    std::unique_ptr<Session> session = std::move(loaded.value());
    FILE* out = stdout;
    if (!o.out.isEmpty() && !(out = std::fopen(QFile::encodeName(o.out).constData(), "w"))) {
        std::fprintf(stderr, "sustained: cannot write %s\n", utf8(o.out).constData());
        return 1;
    }

    const LevelThresholds thresholds{tc.warmC, tc.hotC};
    ThermalSnapshot snap = readThermalSnapshot(o.root, QStringLiteral("/proc"), thresholds, true);
    const bool warmSet = cfg.source(QStringLiteral("thermal.warm_c")) != QLatin1String("default");
    const bool hotSet = cfg.source(QStringLiteral("thermal.hot_c")) != QLatin1String("default");
    GovernorConfig gc = governorConfigFrom(tc, snap.board, warmSet, hotSet);
    gc.enabled = true;  // off: still computed and recorded, never applied
    ThermalGovernor governor(gc);
    const bool sensor = snap.hottestZone >= 0;
    const QString zonesDir = QDir(o.root).filePath(QStringLiteral("class/thermal"));
    const QString sensorText = sensor
                                   ? QStringLiteral("%1 (%2, board %3)")
                                         .arg(snap.zones[snap.hottestZone].type,
                                              snap.zones[snap.hottestZone].name, thermalBoardName(snap.board))
                                   : QStringLiteral("none");
    if (!sensor)
        std::fprintf(stderr,
                     "sustained: no thermal zones under %s: recording tok/s only (temperature, clocks and "
                     "levels need a sensor; --thermal-root DIR reads a simulated sysfs tree)\n",
                     utf8(zonesDir).constData());
    std::fprintf(out, "# sustained: governor %s, model %s, %.2f minutes, sensor %s\n",
                 o.governor ? "on" : "off", utf8(o.model).constData(), o.minutes,
                 utf8(sensorText).constData());
    if (!sensor)
        std::fprintf(out, "# no thermal sensor under %s: temp_c is blank\n", utf8(zonesDir).constData());
    std::fprintf(out, "%s,level,threads,max_tokens,tokens\n", kThermalTraceHeader);

    QElapsedTimer clock;
    clock.start();
    qint64 nextPollMs = 0, lastPollMs = 0;
    int intervalTokens = 0, threads = configuredThreads, maxTokens = o.maxTokens;
    bench::SustainedRun run;
    run.governorOn = o.governor;
    run.model = o.model;
    run.threads = configuredThreads;
    run.maxTokens = o.maxTokens;
    run.sensor = sensor ? sensorText : QString();
    run.zonesDir = zonesDir;
    auto poll = [&] {
        const qint64 now = clock.elapsed();
        snap = readThermalSnapshot(o.root, QStringLiteral("/proc"), thresholds, true);
        GovernorInput in = governorInputFromSnapshot(snap);
        bench::SustainedSample s;
        s.tS = now / 1000.0;
        s.dtS = (now - lastPollMs) / 1000.0;
        s.tokens = intervalTokens;
        s.sensor = in.valid;
        s.tempC = in.tempC;
        s.curKHz = in.curKHz;
        s.level = int(governor.level());  // the level during the interval, before this reading
        const double tokS = s.dtS > 0 ? s.tokens / s.dtS : 0;
        in.decodeTokPerSec = tokS;
        for (const GovernorAction& a : governor.update(now, in)) {
            run.actions << a;
            std::fprintf(stderr, "[%7.1f s] %s%s\n", now / 1000.0,
                         o.governor ? "" : "(governor off, not applied) ", utf8(a.description).constData());
            if (!o.governor) continue;
            if (a.kind == GovernorAction::Kind::SetThreads) {
                threads = a.value > 0 ? std::min(a.value, configuredThreads) : configuredThreads;  // a cap
                session->setThreads(threads);
            }
            if (a.kind == GovernorAction::Kind::SetMaxTokens)
                maxTokens = a.value > 0 ? std::min(a.value, o.maxTokens) : o.maxTokens;
        }
        run.samples << s;
        QStringList cells =
            thermalTraceLine({s.tS, in.tempC, in.curKHz, in.maxKHz, coolingState(snap), tokS}).split(',');
        if (!in.valid) cells[1].clear();  // temp_c: not measured
        std::fprintf(out, "%s,%d,%d,%d,%d\n", utf8(cells.join(',')).constData(), int(governor.level()),
                     threads, maxTokens, s.tokens);
        std::fflush(out);
        if (db.isOpen() && in.valid && !dbFailed) {
            ThermalSampleRecord r;
            r.tempC = in.tempC;
            r.curKHz = in.curKHz;
            r.maxKHz = in.maxKHz;
            r.level = int(governor.level());
            r.throttled = in.throttled;
            if (s.dtS > 0) r.decodeTokPerSec = tokS;
            if (db.addThermalSample(r) < 0) {
                dbFailed = true;
                std::fprintf(stderr, "sustained: %s; later samples are not stored either\n",
                             utf8(db.lastError()).constData());
            }
        }
        intervalTokens = 0;
        lastPollMs = now;
        nextPollMs = now + o.pollMs;
    };

    const qint64 endMs = static_cast<qint64>(o.minutes * 60000);
    const bool applyPause = o.governor;
    while (clock.elapsed() < endMs) {
        if (clock.elapsed() >= nextPollMs) poll();
        if (applyPause && governor.paused()) {  // critical: wait for the governor to lift the pause
            QThread::msleep(static_cast<unsigned long>(
                std::clamp<qint64>(std::min(nextPollMs, endMs) - clock.elapsed(), 1, o.pollMs)));
            continue;
        }
        session->reset();
        GenerateOptions gen;
        gen.maxTokens = maxTokens;
        auto stats =
            session->complete("Describe the route from the depot to the north gate in detail, step by step.",
                              gen, [&](std::string_view, int32_t token) {
                                  if (token >= 0) ++intervalTokens;
                                  if (clock.elapsed() >= nextPollMs) poll();
                                  return clock.elapsed() < endMs && !(applyPause && governor.paused());
                              });
        if (!stats.isOk()) {
            std::fprintf(stderr, "sustained: %s\n", stats.message().c_str());
            return 1;
        }
    }
    if (intervalTokens > 0 || clock.elapsed() - lastPollMs >= o.pollMs / 2) poll();  // the last interval

    // Summary: printed (and appended to the CSV file as # lines).
    QStringList summary = bench::sustainedSummary(run);
    if (!o.db.isEmpty())
        summary << (dbFailed ? QStringLiteral("database: the samples were not (all) stored in %1").arg(o.db)
                    : sensor ? QStringLiteral("database: samples stored in %1 (thermal_samples)").arg(o.db)
                             : QStringLiteral("database: nothing stored (thermal_samples needs a sensor)"));
    for (const QString& line : summary) {
        if (out != stdout) std::fprintf(stdout, "%s\n", utf8(line).constData());
        std::fprintf(out, "# %s\n", utf8(line).constData());
    }
    if (out != stdout && std::fclose(out) != 0) {
        std::fprintf(stderr, "sustained: cannot write %s\n", utf8(o.out).constData());
        return 1;
    }
    return dbFailed ? 3 : 0;
}
