#include "bench_db.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLoggingCategory>

#include "bench_report.h"
#include "models/catalog_scan.h"
#include "storage/database.h"

namespace peregrine::bench {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

// The name the app's Models and Benchmarks views use for the file (sidecar display name, else the
// GGUF's own name), so the rows join the app's runs of the same model.
QString displayName(const BenchResult& r, const QString& absolutePath) {
    if (auto entry = describeModel(absolutePath); entry && !entry->displayName.isEmpty())
        return entry->displayName;
    return qs(r.modelName + (r.fileType.empty() ? "" : " " + r.fileType));
}

}  // namespace

BenchDatabase::BenchDatabase() = default;
BenchDatabase::~BenchDatabase() = default;

bool BenchDatabase::open(const std::string& path, std::string* error) {
    // The tool reports storage errors itself (one line, at the end); the storage log would repeat them.
    QLoggingCategory::setFilterRules(
        QStringLiteral("peregrine.storage.info=false\n"
                       "peregrine.storage.warning=false"));
    m_db = std::make_unique<Database>();
    if (m_db->open(qs(path))) return true;
    *error = m_db->lastError().toStdString();
    m_db.reset();
    return false;
}

bool BenchDatabase::store(const BenchResult& r, std::string* error) {
    if (!m_db) {
        *error = "the database is not open";
        return false;
    }
    const QString path = QFileInfo(qs(r.modelPath)).absoluteFilePath();
    const QString model = displayName(r, path);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<BenchmarkRunRecord> rows;
    for (const TestRow& t : r.rows) {
        BenchmarkRunRecord rec;
        rec.createdAt = now;
        rec.model = model;
        rec.modelPath = path;
        rec.backend = QStringLiteral("native");
        rec.kernels = qs(r.kernelTarget);
        rec.test = qs(t.test);
        rec.threads = t.threads;
        rec.nPrompt = t.nPrompt;
        rec.nGen = t.nGen;
        const double tokS = mean(t.tokPerSec);
        (t.nGen > 0 ? rec.decodeTokPerSec : rec.promptTokPerSec) = tokS;
        rec.stddevTokPerSec = stddev(t.tokPerSec);
        rec.repetitions = static_cast<int>(t.tokPerSec.size());
        if (!t.ttftMs.empty()) rec.ttftMs = mean(t.ttftMs);
        if (t.nGen > 0 && t.bandwidth > 0) rec.efficiency = decodeEfficiency(t);
        if (t.bandwidth > 0) rec.bandwidthGbs = t.bandwidth / 1e9;
        rec.loadMs = r.loadSeconds * 1000.0;
        rec.peakRssMb = static_cast<double>(r.peakRssBytes) / 1048576.0;
        rec.notes = QStringLiteral("peregrine-bench");
        if (!t.note.empty()) rec.notes += QStringLiteral(": ") + qs(t.note);
        rows << rec;
    }
    if (m_db->addBenchmarkRuns(rows)) return true;
    *error = m_db->lastError().toStdString();
    return false;
}

}  // namespace peregrine::bench
