// BenchmarkListModel: stored benchmark runs (newest first) for the Benchmarks view, plus the per-model
// series the chart draws. Each run names the runtime that ran it, so the same model measured on the native
// engine and on llama.cpp (`peregrine-cli models compare --backends native,llamacpp`) shows as two rows and,
// in the chart, two series. Thread: UI thread only.
#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QVariantList>

#include "storage/records.h"

namespace peregrine {

class BenchmarkListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        ModelRole,
        WhenRole,  // "2025-03-04 14:02"
        CreatedAtRole,
        PromptTokPerSecRole,
        DecodeTokPerSecRole,
        TtftMsRole,  // -1 when not measured
        ThreadsRole,
        SummaryRole,  // "31.2 tok/s · prompt 410 tok/s · first token 120 ms · 4 threads"; a peregrine-bench
                      // test row: "tg128: 31.2 ± 0.4 tok/s · efficiency 0.42 · 4 threads · AVX2"
        BackendRole,      // the stored short name: "native" (also when stored without one), "llamacpp", ...
        BackendTextRole,  // "native engine", "llama.cpp", "OpenAI-compatible server" (lists/backend_name.h)
    };
    Q_ENUM(Role)

    explicit BenchmarkListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setRuns(const QList<BenchmarkRunRecord>& runs);

    // Chart data for metric "decode", "prompt" or "ttft": one entry per model, and per backend for a model
    // measured on several ("TinyStories · llama.cpp"; a peregrine-bench test row counts only for the speed
    // it measured),
    // {name: QString, points: [{x: msecsSinceEpoch, y: value}, ...] oldest first}, models in first-run order.
    Q_INVOKABLE QVariantList series(const QString& metric) const;
    // The largest value of metric over all runs (0 when none).
    Q_INVOKABLE double maxValue(const QString& metric) const;
    Q_INVOKABLE qint64 firstTime() const;  // msecsSinceEpoch of the oldest run (0 when none)
    Q_INVOKABLE qint64 lastTime() const;

signals:
    void countChanged();

private:
    static std::optional<double> metricValue(const BenchmarkRunRecord& r, const QString& metric);
    QString seriesName(const BenchmarkRunRecord& r) const;
    QList<BenchmarkRunRecord> m_rows;  // newest first
};

}  // namespace peregrine
