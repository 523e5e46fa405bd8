// Database: tool evaluation runs (table tool_eval_runs, schema v9), written by bench/tools, read by the
// Models page (the tool score beside the speed).
#include "storage/database.h"
#include "storage/sql_statement.h"

namespace peregrine {

using storage_detail::sqliteError;
using storage_detail::SqlStatement;

namespace {

void bindToolEvalRun(SqlStatement& st, const ToolEvalRunRecord& r) {
    st.bind(1, r.createdAt.isValid() ? r.createdAt : QDateTime::currentDateTimeUtc());
    st.bind(2, r.model);
    st.bind(3, r.modelPath);
    st.bind(4, r.category);
    st.bind(5, r.toolChoice);
    st.bind(6, r.cases);
    st.bind(7, r.schemaValidity);
    st.bind(8, r.toolChoiceAcc);
    st.bind(9, r.argumentAcc);
    st.bind(10, r.callRate);
    st.bind(11, r.accuracy);
    st.bind(12, r.constrained ? 1 : 0);
    st.bind(13, r.notes);
}

}  // namespace

bool Database::addToolEvalRuns(const QList<ToolEvalRunRecord>& records) {
    if (!m_db) return fail(QStringLiteral("cannot add tool evaluation runs: the database is not open"));
    auto failed = [&](QString why) {
        exec("ROLLBACK");
        return fail(QStringLiteral("cannot add tool evaluation runs to %1: %2").arg(m_path, why));
    };
    if (!exec("BEGIN IMMEDIATE")) return failed(m_lastError);
    for (const ToolEvalRunRecord& r : records) {
        SqlStatement st(
            m_db,
            "INSERT INTO tool_eval_runs (created_at, model, model_path, category, tool_choice,"
            " cases, schema_validity, tool_choice_acc, argument_acc, call_rate, accuracy,"
            " constrained, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
        bindToolEvalRun(st, r);
        if (!st.run()) return failed(sqliteError(m_db));
    }
    if (!exec("COMMIT")) return failed(m_lastError);
    return true;
}

QList<ToolEvalRunRecord> Database::toolEvalRuns(int limit) const {
    QList<ToolEvalRunRecord> list;
    if (!m_db) {
        fail(QStringLiteral("cannot list tool evaluation runs: the database is not open"));
        return list;
    }
    SqlStatement st(m_db,
                    "SELECT id, created_at, model, model_path, category, tool_choice, cases, schema_validity,"
                    " tool_choice_acc, argument_acc, call_rate, accuracy, constrained, notes"
                    " FROM tool_eval_runs ORDER BY created_at DESC, id DESC LIMIT ?1");
    st.bind(1, limit < 0 ? qint64(-1) : qint64(limit));
    while (st.next()) {
        ToolEvalRunRecord r;
        r.id = st.int64(0);
        r.createdAt = st.dateTime(1);
        r.model = st.text(2);
        r.modelPath = st.text(3);
        r.category = st.text(4);
        r.toolChoice = st.text(5);
        r.cases = static_cast<int>(st.int64(6));
        r.schemaValidity = st.optionalReal(7);
        r.toolChoiceAcc = st.optionalReal(8);
        r.argumentAcc = st.optionalReal(9);
        r.callRate = st.optionalReal(10);
        r.accuracy = st.optionalReal(11);
        r.constrained = st.int64(12) != 0;
        r.notes = st.text(13);
        list << r;
    }
    if (st.failed())
        fail(QStringLiteral("cannot list tool evaluation runs in %1: %2").arg(m_path, sqliteError(m_db)));
    return list;
}

}  // namespace peregrine
