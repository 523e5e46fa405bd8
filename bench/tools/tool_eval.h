// bench/tools: a BFCL-style evaluation of a model's tool calls from case files (cases/*.json, one category
// per file: simple, multiple, parallel, irrelevance). Each case is one question answered once with the
// file's tools offered in the model's chat template (engine/toolcall); the answer's calls are parsed and
// compared with the expected ones. Engine only (no Qt): --db is bench/tools/tool_eval_db.cpp.
//
// Case file: {"category": "simple", "tools": [{"name", "description", "parameters"}, ...],
//   "cases": [{"id", "question", "tools": ["name", ...] (optional: a subset offered), "expected":
//   [{"name", "arguments": {...}}, ...]}, ...]}
// An expected argument is matched when the call has it with an equal value (numbers numerically, strings
// case- and space-insensitively; {"$oneOf": [..]} accepts any of several); arguments the case does not
// list are not checked. Parallel calls match in any order. irrelevance cases expect [] (no call).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "runtime/session.h"
#include "model/model_info.h"
#include "toolcall/tool_call_parser.h"
#include "toolcall/tool_prompt.h"

namespace peregrine::bench {

struct ToolCase {
    std::string id;
    std::string question;
    std::vector<ToolCallText> expected;  // arguments as JSON text (may hold {"$oneOf": [...]})
    std::vector<std::string>
        offered;  // the file's tools offered to this case ("tools": [names]); empty = all
};

struct ToolCaseFile {
    std::string category;
    std::vector<ToolSpec> tools;
    std::vector<ToolCase> cases;
};

Result<ToolCaseFile> loadToolCases(const std::string& path);
// Every *.json in dir, sorted by category order simple, multiple, parallel, irrelevance, then by name.
Result<std::vector<ToolCaseFile>> loadToolCaseDir(const std::string& dir);

struct CaseOutcome {
    int validCalls = 0, malformedCalls = 0;
    bool called = false;      // any call attempted
    bool rightTools = false;  // exactly the expected tools (irrelevance: none)
    bool rightArguments = false;
    bool right() const { return rightTools && rightArguments && malformedCalls == 0; }
};

// Scores an answer's parsed calls against a case.
CaseOutcome scoreCase(const ToolCase& c, const ParsedAnswer& answer);

struct CategoryScore {
    std::string category;
    int cases = 0;
    std::optional<double> schemaValidity;  // valid / attempted calls; nullopt when no call was attempted
    double toolChoice = 0, callRate = 0, accuracy = 0;
    std::optional<double> arguments;  // nullopt for irrelevance (no arguments to check)
};
CategoryScore summarize(const std::string& category, const std::vector<CaseOutcome>& outcomes);

struct ToolEvalOptions {
    ToolChoice choice = ToolChoice::Auto;
    int maxTokens = 96;
    int limit = 0;  // cases per category (0 = all)
    std::string systemPrompt =
        "You are the voice assistant of a truck cab. Use a tool when one does what the driver asks; "
        "otherwise answer in one short sentence.";
    bool verbose = false;  // print each answer
};

// Runs every case of files on session (reset between cases). Error when generation fails.
Result<std::vector<CategoryScore>> runToolEval(Session& session, const std::vector<ToolCaseFile>& files,
                                               const ToolEvalOptions& options);

}  // namespace peregrine::bench
