// EchoReport: the echo bench's table (one row per rig delay and noise condition), its --db rows (table
// echo_runs, stored as each condition is measured) and the summary against issue 18's targets: ERLE >= 25 dB
// at every delay without noise and >= 18 dB in road noise, no false barge-in or wake-up over the answers,
// barge-in for >= 95% of the interruptions with the p50 from first word to silent loudspeaker <= 300 ms.
#pragma once

#include <QDateTime>
#include <QString>
#include <vector>

#include "echo_bench.h"
#include "storage/database.h"

namespace peregrine::bench {

class EchoReport {
public:
    explicit EchoReport(const QString& dbPath);  // empty: no database

    void setMode(const QString& mode) { m_mode = mode; }
    void printHeader() const;
    void add(int delayMs, const QString& noise, double echoRms, const AnswerStats& a,
             const InterruptStats& b);
    void printSummary() const;
    bool storedAll() const { return !m_wantDb || m_dbError.isEmpty(); }
    // quick: the CI subset, judged on its clean rows only (ERLE >= 25 dB, no false barge-in or wake-up, at
    // least half the interruptions heard); road noise is printed and stored but not judged.
    bool targetsMet(bool quick) const;

private:
    struct Row {
        int delayMs;
        QString noise;
        AnswerStats answers;
        InterruptStats interrupts;
    };

    QString m_mode;
    std::vector<Row> m_rows;
    Database m_db;
    bool m_wantDb = false;
    QString m_dbError;
    QDateTime m_runAt = QDateTime::currentDateTimeUtc();
};

}  // namespace peregrine::bench
