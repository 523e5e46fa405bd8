#include "lists/benchmark_list_model.h"

#include <QLocale>
#include <algorithm>

#include "lists/backend_name.h"

namespace peregrine {

namespace {
QString backendOf(const BenchmarkRunRecord& r) {
    return r.backend.isEmpty() ? QStringLiteral("native") : r.backend;
}
}  // namespace

BenchmarkListModel::BenchmarkListModel(QObject* parent) : QAbstractListModel(parent) {}

int BenchmarkListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant BenchmarkListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const BenchmarkRunRecord& r = m_rows.at(index.row());
    switch (role) {
        case IdRole:
            return r.id;
        case Qt::DisplayRole:
        case ModelRole:
            return r.model;
        case WhenRole:
            return QLocale::c().toString(r.createdAt.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"));
        case CreatedAtRole:
            return r.createdAt;
        case PromptTokPerSecRole:
            return r.promptTokPerSec;
        case DecodeTokPerSecRole:
            return r.decodeTokPerSec;
        case TtftMsRole:
            return r.ttftMs.value_or(-1.0);
        case ThreadsRole:
            return r.threads;
        case BackendRole:
            return backendOf(r);
        case BackendTextRole:
            return backendDisplayName(backendOf(r));
        case SummaryRole: {
            QStringList parts;
            if (r.test.isEmpty()) {
                parts << QStringLiteral("%1 tok/s").arg(r.decodeTokPerSec, 0, 'f', 1)
                      << QStringLiteral("prompt %1 tok/s").arg(r.promptTokPerSec, 0, 'f', 0);
            } else {  // one peregrine-bench test: "pp512: 410 ± 12 tok/s", "tg128: 31.2 ± 0.4 tok/s"
                const int decimals = r.measuresDecode() ? 1 : 0;
                QString speed = QStringLiteral("%1: %2").arg(r.test).arg(
                    r.measuresDecode() ? r.decodeTokPerSec : r.promptTokPerSec, 0, 'f', decimals);
                if (r.stddevTokPerSec)
                    speed += QStringLiteral(" ± %1").arg(*r.stddevTokPerSec, 0, 'f', decimals);
                parts << speed + QStringLiteral(" tok/s");
            }
            if (r.ttftMs) parts << QStringLiteral("first token %1 ms").arg(qRound(*r.ttftMs));
            if (r.efficiency && !r.test.isEmpty())
                parts << QStringLiteral("efficiency %1").arg(*r.efficiency, 0, 'f', 2);
            if (r.threads > 0) parts << QStringLiteral("%1 threads").arg(r.threads);
            if (!r.kernels.isEmpty()) parts << r.kernels;
            return parts.join(QStringLiteral(" · "));
        }
        default:
            return {};
    }
}

QHash<int, QByteArray> BenchmarkListModel::roleNames() const {
    return {{IdRole, "runId"},
            {ModelRole, "modelName"},
            {WhenRole, "when"},
            {CreatedAtRole, "createdAt"},
            {PromptTokPerSecRole, "promptTokPerSec"},
            {DecodeTokPerSecRole, "decodeTokPerSec"},
            {TtftMsRole, "ttftMs"},
            {ThreadsRole, "threads"},
            {SummaryRole, "summary"},
            {BackendRole, "backend"},
            {BackendTextRole, "backendText"}};
}

void BenchmarkListModel::setRuns(const QList<BenchmarkRunRecord>& runs) {
    beginResetModel();
    m_rows = runs;
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [](const auto& a, const auto& b) { return a.createdAt > b.createdAt; });
    endResetModel();
    emit countChanged();
}

std::optional<double> BenchmarkListModel::metricValue(const BenchmarkRunRecord& r, const QString& metric) {
    // A peregrine-bench test row measures one of the two speeds; the other is stored as 0, not measured.
    if (metric == QLatin1String("decode"))
        return r.measuresDecode() ? std::optional<double>(r.decodeTokPerSec) : std::nullopt;
    if (metric == QLatin1String("prompt"))
        return r.measuresPrompt() ? std::optional<double>(r.promptTokPerSec) : std::nullopt;
    if (metric == QLatin1String("ttft")) return r.ttftMs;
    return std::nullopt;
}

// The model's name, with the backend when the model was measured on more than one.
QString BenchmarkListModel::seriesName(const BenchmarkRunRecord& r) const {
    const bool several = std::any_of(m_rows.cbegin(), m_rows.cend(), [&](const BenchmarkRunRecord& o) {
        return o.model == r.model && backendOf(o) != backendOf(r);
    });
    return several ? QStringLiteral("%1 · %2").arg(r.model, backendDisplayName(backendOf(r))) : r.model;
}

QVariantList BenchmarkListModel::series(const QString& metric) const {
    QStringList names;
    QHash<QString, QVariantList> points;
    for (auto it = m_rows.crbegin(); it != m_rows.crend(); ++it) {  // oldest first
        const auto v = metricValue(*it, metric);
        if (!v) continue;
        const QString name = seriesName(*it);
        if (!names.contains(name)) names << name;
        points[name].append(
            QVariantMap{{QStringLiteral("x"), it->createdAt.toMSecsSinceEpoch()}, {QStringLiteral("y"), *v}});
    }
    QVariantList out;
    for (const QString& n : names)
        out.append(QVariantMap{{QStringLiteral("name"), n}, {QStringLiteral("points"), points.value(n)}});
    return out;
}

double BenchmarkListModel::maxValue(const QString& metric) const {
    double m = 0;
    for (const auto& r : m_rows) m = std::max(m, metricValue(r, metric).value_or(0.0));
    return m;
}

qint64 BenchmarkListModel::firstTime() const {
    return m_rows.isEmpty() ? 0 : m_rows.last().createdAt.toMSecsSinceEpoch();
}

qint64 BenchmarkListModel::lastTime() const {
    return m_rows.isEmpty() ? 0 : m_rows.first().createdAt.toMSecsSinceEpoch();
}

}  // namespace peregrine
