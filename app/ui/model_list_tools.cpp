// ModelListModel: the tool score of each model from the latest bench/tools run stored for it (table
// tool_eval_runs), shown beside the voice verdict so a model is picked on both. Thread: UI thread.
#include <QFileInfo>

#include "ui/model_list_model.h"
#include "inference/model_id.h"

namespace peregrine {

namespace {
int percent(double fraction) {
    return qRound(fraction * 100);
}
}  // namespace

QString toolScoreText(const QList<ToolEvalRunRecord>& run) {
    if (run.isEmpty()) return {};
    QStringList parts;
    double sum = 0;
    int n = 0;
    for (const ToolEvalRunRecord& r : run) {
        if (!r.accuracy) continue;
        sum += *r.accuracy;
        ++n;
        parts << QStringLiteral("%1 %2").arg(r.category).arg(percent(*r.accuracy));
    }
    if (n == 0) return {};
    return ModelListModel::tr("tools %1% (%2; %3)")
        .arg(percent(sum / n))
        .arg(parts.join(QStringLiteral(", ")), run.first().toolChoice);
}

void ModelListModel::setToolEvalRuns(const QList<ToolEvalRunRecord>& runs) {
    // Newest first: the rows of a model's latest run share its created_at.
    QHash<QString, QList<ToolEvalRunRecord>> latest;
    for (const ToolEvalRunRecord& r : runs) {
        const QString key = isEndpointId(r.modelPath) || r.modelPath.isEmpty()
                                ? r.modelPath
                                : QFileInfo(r.modelPath).absoluteFilePath();
        QList<ToolEvalRunRecord>& rows = latest[key];
        if (rows.isEmpty() || rows.first().createdAt == r.createdAt) rows << r;
    }
    QHash<QString, QString> scores;
    for (auto it = latest.cbegin(); it != latest.cend(); ++it)
        if (const QString text = toolScoreText(it.value()); !text.isEmpty()) scores.insert(it.key(), text);
    if (scores == m_toolScore) return;
    m_toolScore = scores;
    if (rowCount() > 0) emit dataChanged(index(0), index(rowCount() - 1), {ToolScoreRole});
}

}  // namespace peregrine
