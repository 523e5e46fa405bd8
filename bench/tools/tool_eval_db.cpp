#include "tool_eval_db.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLoggingCategory>

#include "models/catalog_scan.h"
#include "storage/database.h"

namespace peregrine::bench {

bool storeToolEval(const std::string& dbPath, const std::string& modelPath, const std::string& modelName,
                   const ToolEvalOptions& options, bool constrained, const std::vector<CategoryScore>& scores,
                   std::string* error) {
    // The tool reports storage errors itself; the storage log would repeat them.
    QLoggingCategory::setFilterRules(
        QStringLiteral("peregrine.storage.info=false\nperegrine.storage.warning=false"));
    Database db;
    if (!db.open(QString::fromStdString(dbPath))) {
        *error = db.lastError().toStdString();
        return false;
    }
    const QString path = QFileInfo(QString::fromStdString(modelPath)).absoluteFilePath();
    QString name = QString::fromStdString(modelName);
    if (auto entry = describeModel(path); entry && !entry->displayName.isEmpty()) name = entry->displayName;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<ToolEvalRunRecord> rows;
    for (const CategoryScore& s : scores) {
        ToolEvalRunRecord r;
        r.createdAt = now;
        r.model = name;
        r.modelPath = path;
        r.category = QString::fromStdString(s.category);
        r.toolChoice = QString::fromLatin1(toolChoiceName(options.choice));
        r.cases = s.cases;
        r.schemaValidity = s.schemaValidity;
        r.toolChoiceAcc = s.toolChoice;
        r.argumentAcc = s.arguments;
        r.callRate = s.callRate;
        r.accuracy = s.accuracy;
        r.constrained = constrained;
        r.notes = QStringLiteral("bench/tools, %1 tokens").arg(options.maxTokens);
        rows << r;
    }
    if (db.addToolEvalRuns(rows)) return true;
    *error = db.lastError().toStdString();
    return false;
}

}  // namespace peregrine::bench
