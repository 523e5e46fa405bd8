#include "echo_report.h"

#include <QLoggingCategory>
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace peregrine::bench {

namespace {
double median(std::vector<double> v) {
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
std::optional<double> optionalMedian(const std::vector<double>& v) {
    if (v.empty()) return std::nullopt;
    return median(v);
}
double wer(const InterruptStats& b) {
    return b.refWords ? 100.0 * b.wordErrors / b.refWords : NAN;
}
}  // namespace

EchoReport::EchoReport(const QString& dbPath) : m_wantDb(!dbPath.isEmpty()) {
    if (!m_wantDb) return;
    // The tool reports storage errors itself; the storage log would repeat them.
    QLoggingCategory::setFilterRules(
        QStringLiteral("peregrine.storage.info=false\nperegrine.storage.warning=false"));
    if (!m_db.open(dbPath)) {
        m_dbError = m_db.lastError();
        std::fprintf(stderr, "echo: --db: %s; measuring anyway, the results will not be stored\n",
                     qPrintable(m_dbError));
    }
}

void EchoReport::printHeader() const {
    std::printf("mode %s\n", qPrintable(m_mode));
    std::printf("%6s %-5s | %7s %7s | %7s %6s %5s | %6s %6s %8s %8s %6s\n", "delay", "noise", "est ms",
                "ERLE dB", "answers", "f.barge", "f.wake", "interr", "barged", "dec p50", "stop p50",
                "WER %");
    std::fflush(stdout);
}

void EchoReport::add(int delayMs, const QString& noise, double echoRms, const AnswerStats& a,
                     const InterruptStats& b) {
    m_rows.push_back({delayMs, noise, a, b});
    std::printf("%6d %-5s | %7d %7.1f | %7d %6d %5d | %6d %6d %8.0f %8.0f %6.1f\n", delayMs,
                qPrintable(noise), a.delayEstimateMs, a.erleDb, a.answers, a.falseBargeIns, a.falseWakeUps,
                b.interruptions, b.bargeIns, median(b.decisionMs), median(b.stoppedMs), wer(b));
    std::fflush(stdout);
    if (!m_db.isOpen()) return;
    EchoRunRecord rec;
    rec.createdAt = m_runAt;
    rec.mode = m_mode;
    rec.delayMs = delayMs;
    rec.noise = noise;
    rec.estimatedDelayMs = a.delayEstimateMs;
    rec.erleDb = a.erleDb;
    rec.answers = a.answers;
    rec.falseBargeIns = a.falseBargeIns;
    rec.falseWakeUps = a.falseWakeUps;
    rec.interruptions = b.interruptions;
    rec.bargeIns = b.bargeIns;
    rec.decisionP50Ms = optionalMedian(b.decisionMs);
    rec.stoppedP50Ms = optionalMedian(b.stoppedMs);
    if (b.refWords) rec.wordErrorRate = static_cast<double>(b.wordErrors) / b.refWords;
    rec.notes = QStringLiteral("echo rms %1, %2 answer timeouts").arg(echoRms, 0, 'f', 0).arg(a.timeouts);
    if (m_db.addEchoRun(rec) <= 0) {
        m_dbError = m_db.lastError();
        std::fprintf(stderr, "echo: %s; later conditions are not stored either\n", qPrintable(m_dbError));
        m_db.close();
    }
}

bool EchoReport::targetsMet(bool quick) const {
    int answers = 0, falseTriggers = 0, interruptions = 0, heardCount = 0;
    std::vector<double> stopped;
    bool erleOk = true;
    for (const Row& r : m_rows) {
        erleOk = erleOk && r.answers.erleDb >= (r.noise == "road" ? 18.0 : 25.0);
        answers += r.answers.answers;
        falseTriggers += r.answers.falseBargeIns + r.answers.falseWakeUps;
        interruptions += r.interrupts.interruptions;
        // A barge-in before the driver's first word was the assistant's own voice, not the driver heard.
        for (size_t i = 0; i < r.interrupts.decisionMs.size(); ++i) {
            if (r.interrupts.decisionMs[i] < 0) {
                ++falseTriggers;
            } else {
                ++heardCount;
                stopped.push_back(r.interrupts.stoppedMs[i]);
            }
        }
    }
    const bool heard = interruptions > 0 &&
                       (quick ? heardCount * 2 >= interruptions : heardCount * 100 >= 95 * interruptions);
    const bool fast = quick || median(stopped) <= 300;
    // The CI subset (6 answers) allows one false trigger: it runs on other CPUs beside other work, and the
    // full bench still measures about 1 in 100 answers (README).
    const bool quiet = falseTriggers <= (quick ? 1 : 0);
    const bool met = answers > 0 && erleOk && quiet && heard && fast;
    std::printf(
        "check (%s): %s\n",
        quick ? "quick: ERLE >= 25 dB clean and 18 dB in road noise, at most one false trigger, half heard"
              : "issue 18 targets",
        met ? "met" : "NOT met");
    return met;
}

void EchoReport::printSummary() const {
    int answers = 0, falseBarge = 0, falseWake = 0, interruptions = 0, bargeIns = 0, errors = 0, words = 0;
    std::vector<double> decision, stopped;
    for (const Row& r : m_rows) {
        answers += r.answers.answers;
        falseBarge += r.answers.falseBargeIns;
        falseWake += r.answers.falseWakeUps;
        interruptions += r.interrupts.interruptions;
        bargeIns += r.interrupts.bargeIns;
        errors += r.interrupts.wordErrors;
        words += r.interrupts.refWords;
        decision.insert(decision.end(), r.interrupts.decisionMs.begin(), r.interrupts.decisionMs.end());
        stopped.insert(stopped.end(), r.interrupts.stoppedMs.begin(), r.interrupts.stoppedMs.end());
    }
    std::printf(
        "total: %d answers, %d false barge-ins, %d false wake-ups; barge-in %d/%d interruptions, p50 "
        "%.0f ms to decision, %.0f ms to silent loudspeaker; WER %.1f%%\n",
        answers, falseBarge, falseWake, bargeIns, interruptions, median(decision), median(stopped),
        words ? 100.0 * errors / words : NAN);
    if (m_wantDb && m_dbError.isEmpty())
        std::printf("stored %zu conditions in %s\n", m_rows.size(), qPrintable(m_db.path()));
    else if (m_wantDb)
        std::fprintf(stderr, "echo: the results were not (all) stored: %s\n", qPrintable(m_dbError));
}

}  // namespace peregrine::bench
