// bench/tools (peregrine-tools-bench): BFCL-style tool-call evaluation of a model (tool_eval.h).
//
//   peregrine-tools-bench -m MODEL [--cases DIR] [--tool-choice auto|required] [-n TOKENS] [-t THREADS]
//                         [--limit N] [--db PATH] [-v]
//
// Prints one row per category (cases, schema validity, tool choice, argument accuracy, call rate,
// accuracy) and the mean accuracy. --db stores one tool_eval_runs row per category (the Models page shows
// the latest run beside the speed). Exit 0 when measured, 1 on a load or generation error, 2 on bad
// arguments, 3 when the results could not be stored.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tool_eval.h"
#ifdef PEREGRINE_TOOL_EVAL_DB
#include "tool_eval_db.h"
#endif

using namespace peregrine;
using namespace peregrine::bench;

namespace {

int usage(const std::string& why) {
    std::fprintf(stderr,
                 "peregrine-tools-bench: %s\nusage: peregrine-tools-bench -m MODEL [--cases DIR] "
                 "[--tool-choice auto|required] [-n TOKENS] [-t THREADS] [--limit N] [--db PATH] [-v]\n",
                 why.c_str());
    return 2;
}

std::string percent(const std::optional<double>& v) {
    if (!v) return "n/a";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.0f%%", *v * 100);
    return buf;
}

}  // namespace

int main(int argc, char** argv) {
    std::string model, db, cases = PEREGRINE_TOOL_CASES;
    SessionOptions session;
    session.contextLength = 4096;
    ToolEvalOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        auto number = [&](int& out) {
            const char* v = next();
            if (!v) return false;
            char* end = nullptr;
            out = static_cast<int>(std::strtol(v, &end, 10));
            return *end == '\0' && out > 0;
        };
        const char* v = nullptr;
        if (a == "-m" || a == "--model") {
            if (!(v = next())) return usage("-m needs a file");
            model = v;
        } else if (a == "--cases") {
            if (!(v = next())) return usage("--cases needs a folder");
            cases = v;
        } else if (a == "--db") {
            if (!(v = next())) return usage("--db needs a file");
            db = v;
        } else if (a == "--tool-choice") {
            v = next();
            const auto choice = v ? parseToolChoice(v) : std::nullopt;
            if (!choice || *choice == ToolChoice::None) return usage("--tool-choice is auto or required");
            options.choice = *choice;
        } else if (a == "-n") {
            if (!number(options.maxTokens)) return usage("-n needs a positive number");
        } else if (a == "-t" || a == "--threads") {
            if (!number(session.threads)) return usage("-t needs a positive number");
        } else if (a == "--limit") {
            if (!number(options.limit)) return usage("--limit needs a positive number");
        } else if (a == "-v" || a == "--verbose") {
            options.verbose = true;
        } else {
            return usage("unknown option " + a);
        }
    }
    if (model.empty()) return usage("-m MODEL is required");
#ifndef PEREGRINE_TOOL_EVAL_DB
    if (!db.empty()) {
        std::fputs("peregrine-tools-bench: --db is not available in this build (built without the app)\n",
                   stderr);
        return 2;
    }
#endif
    auto files = loadToolCaseDir(cases);
    if (!files) {
        std::fprintf(stderr, "peregrine-tools-bench: %s\n", files.message().c_str());
        return 2;
    }
    auto loaded = Session::load(model, session);
    if (!loaded) {
        std::fprintf(stderr, "peregrine-tools-bench: %s\n", loaded.message().c_str());
        return 1;
    }
    Session& s = **loaded;
    const ToolFormat format = toolFormatFor(s.info().chatFamily);
    auto constraint = toolConstraint(format, files->front().tools, options.choice);
    const bool constrained = constraint && !constraint->jsonSchema.empty();
    std::printf("model %s, template %s, tool format %s, tool choice %s, decoding %s\n", s.info().name.c_str(),
                chatFamilyName(s.info().chatFamily), toolFormatName(format), toolChoiceName(options.choice),
                constrained
                    ? ("constrained" +
                       std::string(constraint->trigger.empty() ? "" : " after " + constraint->trigger))
                          .c_str()
                    : "free");
    auto scores = runToolEval(s, *files, options);
    if (!scores) {
        std::fprintf(stderr, "peregrine-tools-bench: %s\n", scores.message().c_str());
        return 1;
    }
    std::printf("| category    | cases | schema valid | tool choice | arguments | call rate | accuracy |\n");
    std::printf("|-------------|-------|--------------|-------------|-----------|-----------|----------|\n");
    double sum = 0;
    for (const CategoryScore& c : *scores) {
        std::printf("| %-11s | %5d | %12s | %11s | %9s | %9s | %8s |\n", c.category.c_str(), c.cases,
                    percent(c.schemaValidity).c_str(), percent(c.toolChoice).c_str(),
                    percent(c.arguments).c_str(), percent(c.callRate).c_str(), percent(c.accuracy).c_str());
        sum += c.accuracy;
    }
    std::printf("mean accuracy %s\n", percent(sum / static_cast<double>(scores->size())).c_str());
#ifdef PEREGRINE_TOOL_EVAL_DB
    if (!db.empty()) {
        std::string error;
        if (!storeToolEval(db, model, s.info().name, options, constrained, *scores, &error)) {
            std::fprintf(stderr, "peregrine-tools-bench: --db %s: %s; the results are not stored\n",
                         db.c_str(), error.c_str());
            return 3;
        }
        std::printf("stored %zu rows in %s\n", scores->size(), db.c_str());
    }
#endif
    return 0;
}
