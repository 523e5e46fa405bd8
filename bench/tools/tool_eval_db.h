// Stores a bench/tools run in the app's SQLite database (app/storage, table tool_eval_runs, schema v9): one
// row per category with the model's catalog name and absolute path; the rows of a run share created_at and
// are written in one transaction. Built only with the app (PEREGRINE_TOOL_EVAL_DB).
#pragma once

#include <string>
#include <vector>

#include "tool_eval.h"

namespace peregrine::bench {

// False with *error: an unwritable place, a newer schema, not a database, a full disk. Nothing is written
// then.
bool storeToolEval(const std::string& dbPath, const std::string& modelPath, const std::string& modelName,
                   const ToolEvalOptions& options, bool constrained, const std::vector<CategoryScore>& scores,
                   std::string* error);

}  // namespace peregrine::bench
