// wake_word: measures the wake phrase the way the app spots it while Idle (voice::WakeSpotter over
// PocketsphinxStt's keyphrase search), on speech synthesised with flite and espeak-ng voices and mixed with
// sox road noise: false accepts per hour of talk radio that never contains the wake phrase (near misses
// included: "hey there", "peregrine falcon", "pair", "grin", "paragraph"), and the share of wake phrases
// missed, per noise condition and overall. Runs faster than real time; reports the audio duration it heard.
//
//   wake_word [--threshold T] [--voices awb@1.0,kal@1.2,espeak@1.3] [--noises clean,brown:10,brown:0,pink:5]
//             [--minutes 60] [--positives 20] [--processed] [--jobs 2] [--db PATH]
//   wake_word --tune [--thresholds 1e10,1e5,1,1e-5,1e-10,1e-20] [--tune-voices slt@1.0,rms@1.2,espeak@1.0]
//             [--tune-minutes 6] [--tune-positives 8] ...
// --tune sweeps the thresholds on the tuning voices, picks the one under --max-fa-per-hour (0.5,
// openWakeWord's target) with the fewest misses (ties: the stricter), then measures it on the held-out
// --voices, beside the app's default threshold (phase "default") when that differs.
// --db stores one wake_word_runs row per threshold, voice set and noise condition ("all" = the set).
// Exit 0 measured, 1 setup error, 3 measured but not (all) stored, 77 a voice or sox missing (nothing
// measured).
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <cstdio>

#include "storage/database.h"
#include "wake_eval.h"

using namespace peregrine;
using namespace peregrine::bench;

namespace {

struct Report {
    Database* db = nullptr;
    QDateTime at = QDateTime::currentDateTimeUtc();
    bool storeFailed = false;

    void header() {
        std::printf("%-8s %9s %-28s %-12s %9s %4s %7s %7s %6s %7s\n", "phase", "threshold", "voices", "noise",
                    "radio min", "FA", "FA/h", "phrases", "misses", "miss %");
    }
    void row(const QString& phase, double threshold, const QString& voices, const QString& noise,
             const WakeCounts& c) {
        std::printf("%-8s %9.0e %-28s %-12s %9.1f %4d %7.2f %7d %6d %7.1f\n", qPrintable(phase), threshold,
                    qPrintable(voices), qPrintable(noise), c.negativeSeconds / 60, c.falseAccepts,
                    c.faPerHour(), c.positives, c.misses, 100 * c.missRate());
        if (!db || !db->isOpen()) return;
        WakeWordRunRecord r{.createdAt = at,
                            .phase = phase,
                            .threshold = threshold,
                            .voices = voices,
                            .noise = noise,
                            .negativeSeconds = c.negativeSeconds,
                            .falseAccepts = c.falseAccepts,
                            .positives = c.positives,
                            .misses = c.misses,
                            .notes = QStringLiteral("wake_word")};
        if (c.negativeSeconds > 0) r.faPerHour = c.faPerHour();
        if (c.positives > 0) r.missRate = c.missRate();
        if (db->addWakeWordRun(r) <= 0) {
            std::fprintf(stderr, "wake_word: %s; later rows are not stored either\n",
                         qPrintable(db->lastError()));
            storeFailed = true;
            db->close();
        }
    }
    // Every noise condition, then the whole set; returns the whole set's counts.
    WakeCounts rows(const QString& phase, double threshold, const QString& voices,
                    const std::map<QString, WakeCounts>& byNoise, bool perNoise) {
        WakeCounts all;
        for (const auto& [noise, c] : byNoise) {
            all.add(c);
            if (perNoise) row(phase, threshold, voices, noise, c);
        }
        row(phase, threshold, voices, QStringLiteral("all"), all);
        std::fflush(stdout);
        return all;
    }
};

std::vector<std::unique_ptr<WakeDetector>> makeDetectors(const QList<double>& thresholds,
                                                         const QString& phrase, bool processed,
                                                         QString* error) {
    std::vector<std::unique_ptr<WakeDetector>> out;
    for (double t : thresholds) {
        out.push_back(std::make_unique<WakeDetector>(t, phrase, processed));
        if (!out.back()->isReady()) {
            *error = out.back()->errorString();
            return {};
        }
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser cl;
    cl.addHelpOption();
    const speech::PocketsphinxOptions defaults;
    cl.addOption({"threshold", "keyphrase threshold to measure (default: the app's)", "T",
                  QString::number(defaults.wakeThreshold, 'g', 3)});
    cl.addOption({"voices", "held-out / measured voices (name@rate)", "LIST", "awb@1.0,kal@1.2,espeak@1.3"});
    cl.addOption(
        {"noises", "noise conditions (clean, brown:SNR, pink:SNR)", "LIST", "clean,brown:10,brown:0,pink:5"});
    cl.addOption(
        {"minutes", "talk radio without the wake phrase (minutes, all voices and noises)", "M", "60"});
    cl.addOption({"positives", "wake phrases per voice and noise condition", "N", "20"});
    cl.addOption({"tune", "sweep --thresholds on --tune-voices, then measure the best on --voices"});
    cl.addOption({"thresholds", "thresholds swept by --tune", "LIST", "1e10,1e5,1,1e-5,1e-10,1e-20"});
    cl.addOption({"tune-voices", "tuning voices", "LIST", "slt@1.0,rms@1.2,espeak@1.0"});
    cl.addOption({"tune-minutes", "tuning talk radio (minutes)", "M", "6"});
    cl.addOption({"tune-positives", "tuning wake phrases per voice and noise condition", "N", "8"});
    cl.addOption({"max-fa-per-hour", "false accepts per hour a tuned threshold must stay under", "R", "0.5"});
    cl.addOption({"phrase", "wake phrase", "TEXT", defaults.wakePhrase});
    cl.addOption({"processed", "recognize the front end's output (VoiceConfig::recognizeProcessedAudio)"});
    cl.addOption({"seed", "text and noise seed", "N", "1"});
    cl.addOption({"jobs", "thresholds heard in parallel (threads)", "N", "2"});
    cl.addOption({"db", "also store the rows in the app's database (table wake_word_runs)", "PATH"});
    cl.process(app);
    QLoggingCategory::setFilterRules(QStringLiteral("peregrine.speech.info=false"));

    Database db;
    Report report;
    if (cl.isSet("db")) {
        QLoggingCategory::setFilterRules(QStringLiteral(
            "peregrine.speech.info=false\nperegrine.storage.info=false\nperegrine.storage.warning=false"));
        if (!db.open(cl.value("db"))) {
            std::fprintf(stderr, "wake_word: --db: %s; measuring anyway, the results will not be stored\n",
                         qPrintable(db.lastError()));
            report.storeFailed = true;
        }
        report.db = &db;
    }
    QString error;
    NoiseBank noise;
    if (!noise.load(&error)) {
        std::fprintf(stderr, "wake_word: skipped: %s\n", qPrintable(error));
        return 77;
    }
    WakeSetSpec measured;
    measured.voices = parseVoices(cl.value("voices"));
    measured.noises = parseNoises(cl.value("noises"));
    measured.negativeSeconds = cl.value("minutes").toDouble() * 60;
    measured.positivesPerCell = cl.value("positives").toInt();
    measured.seed = cl.value("seed").toUInt();
    measured.wakePhrase = cl.value("phrase").toLower();
    measured.jobs = std::max(1, cl.value("jobs").toInt());
    for (const auto& v : measured.voices + parseVoices(cl.value("tune-voices"))) {
        if (!makeVoice(v, &error)) {
            std::fprintf(stderr, "wake_word: skipped: %s\n", qPrintable(error));
            return 77;
        }
    }
    const bool processed = cl.isSet("processed");
    auto progress = [](const QString& text) { std::fprintf(stderr, "  %s\n", qPrintable(text)); };
    QElapsedTimer clock;
    clock.start();
    report.header();

    double threshold = cl.value("threshold").toDouble();
    if (cl.isSet("tune")) {
        WakeSetSpec tuning = measured;
        tuning.voices = parseVoices(cl.value("tune-voices"));
        tuning.negativeSeconds = cl.value("tune-minutes").toDouble() * 60;
        tuning.positivesPerCell = cl.value("tune-positives").toInt();
        tuning.seed = measured.seed + 1000;  // other sentences than the held-out set
        QList<double> thresholds;
        for (const QString& t : cl.value("thresholds").split(',', Qt::SkipEmptyParts))
            thresholds << t.toDouble();
        auto detectors = makeDetectors(thresholds, tuning.wakePhrase, processed, &error);
        WakeResults results;
        if (detectors.empty() || !evaluateWakeSet(tuning, detectors, noise, &results, &error, progress)) {
            std::fprintf(stderr, "wake_word: %s\n", qPrintable(error));
            return 1;
        }
        const double maxFa = cl.value("max-fa-per-hour").toDouble();
        int best = -1, fallback = 0;
        std::vector<WakeCounts> totals;
        for (size_t d = 0; d < detectors.size(); ++d)
            totals.push_back(
                report.rows("tune", thresholds[d], voicesLabel(tuning.voices), results[d], false));
        for (int d = 0; d < static_cast<int>(totals.size()); ++d) {
            const WakeCounts& c = totals[d];
            if (c.faPerHour() < totals[fallback].faPerHour() ||
                (c.faPerHour() == totals[fallback].faPerHour() && c.misses < totals[fallback].misses))
                fallback = d;
            if (c.faPerHour() >= maxFa) continue;
            if (best < 0 || c.misses < totals[best].misses ||
                (c.misses == totals[best].misses && thresholds[d] > thresholds[best]))
                best = d;
        }
        if (best < 0) {
            std::printf(
                "no threshold stays under %.2f false accepts per hour on the tuning voices; taking the "
                "fewest (%.0e)\n",
                maxFa, thresholds[fallback]);
            best = fallback;
        }
        threshold = thresholds[best];
        std::printf("tuned threshold: %.0e (%.2f FA/h, %.1f%% misses on the tuning voices)\n", threshold,
                    totals[best].faPerHour(), 100 * totals[best].missRate());
    }
    // After tuning, the app's current default is measured beside the tuned threshold on the held-out voices
    // (a second thread: no extra time on two cores).
    QList<double> finalThresholds = {threshold};
    const bool compareDefault = cl.isSet("tune") && threshold != defaults.wakeThreshold;
    if (compareDefault) finalThresholds << defaults.wakeThreshold;
    auto detectors = makeDetectors(finalThresholds, measured.wakePhrase, processed, &error);
    WakeResults results;
    if (detectors.empty() || !evaluateWakeSet(measured, detectors, noise, &results, &error, progress)) {
        std::fprintf(stderr, "wake_word: %s\n", qPrintable(error));
        return 1;
    }
    const QString voices = voicesLabel(measured.voices);
    const WakeCounts all =
        report.rows(cl.isSet("tune") ? "held-out" : "measure", threshold, voices, results[0], true);
    if (compareDefault) report.rows("default", defaults.wakeThreshold, voices, results[1], true);
    std::printf(
        "threshold %.0e on %s: %.2f false accepts per hour over %.1f min of talk radio, %.1f%% of %d "
        "wake phrases missed; computed in %.0f s\n",
        threshold, qPrintable(voices), all.faPerHour(), all.negativeSeconds / 60, 100 * all.missRate(),
        all.positives, clock.elapsed() / 1000.0);
    if (report.storeFailed) {
        std::fprintf(stderr, "wake_word: the results were not (all) stored\n");
        return 3;
    }
    return 0;
}
