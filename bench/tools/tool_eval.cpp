#include "tool_eval.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "toolcall/tool_call_parser.h"
#include "toolcall/tool_json.h"

namespace peregrine::bench {

namespace {

using Type = JsonValue::Type;

int categoryRank(const std::string& c) {
    static const char* order[] = {"simple", "multiple", "parallel", "irrelevance"};
    for (int i = 0; i < 4; ++i)
        if (c == order[i]) return i;
    return 4;
}

std::string normalized(const std::string& s) {
    std::string out;
    for (const char c : s) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

bool sameValue(const JsonValue& expected, const JsonValue& actual) {
    if (const JsonValue* any = expected.find("$oneOf"); any && any->type == Type::Array) {
        return std::any_of(any->items.begin(), any->items.end(),
                           [&](const JsonValue& e) { return sameValue(e, actual); });
    }
    if (expected.type == Type::Number && actual.type == Type::Number)
        return std::strtod(expected.text.c_str(), nullptr) == std::strtod(actual.text.c_str(), nullptr);
    if (expected.type == Type::String && actual.type == Type::String)
        return normalized(expected.text) == normalized(actual.text);
    return compactJson(expected) == compactJson(actual);
}

bool argumentsMatch(const std::string& expectedJson, const std::string& actualJson) {
    auto expected = genie::parseJson(expectedJson);
    auto actual = genie::parseJson(actualJson);
    if (!expected || !actual) return false;
    for (const auto& [key, value] : expected->members) {
        const JsonValue* got = actual->find(key);
        if (!got || !sameValue(value, *got)) return false;
    }
    return true;
}

Result<std::string> readFile(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return Status::error("cannot read " + path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

}  // namespace

Result<ToolCaseFile> loadToolCases(const std::string& path) {
    auto text = readFile(path);
    if (!text) return text.status();
    auto root = genie::parseJson(*text);
    if (!root) return Status::error(path + ": " + root.message());
    const auto fail = [&](const std::string& what) { return Status::error(path + ": " + what); };
    ToolCaseFile file;
    const JsonValue* category = root->find("category");
    if (!category || !category->isString()) return fail("no \"category\"");
    file.category = category->text;
    const JsonValue* tools = root->find("tools");
    if (!tools || tools->type != Type::Array || tools->items.empty()) return fail("no \"tools\"");
    for (const JsonValue& t : tools->items) {
        const JsonValue* name = t.find("name");
        const JsonValue* description = t.find("description");
        const JsonValue* parameters = t.find("parameters");
        if (!name || !name->isString()) return fail("a tool without a name");
        file.tools.push_back({name->text, description && description->isString() ? description->text : "",
                              parameters ? compactJson(*parameters) : ""});
    }
    const JsonValue* cases = root->find("cases");
    if (!cases || cases->type != Type::Array) return fail("no \"cases\"");
    for (const JsonValue& c : cases->items) {
        ToolCase tc;
        const JsonValue* id = c.find("id");
        const JsonValue* question = c.find("question");
        const JsonValue* expected = c.find("expected");
        if (!id || !id->isString() || !question || !question->isString() || !expected ||
            expected->type != Type::Array)
            return fail("a case needs \"id\", \"question\" and \"expected\"");
        tc.id = id->text;
        tc.question = question->text;
        if (const JsonValue* offered = c.find("tools"); offered && offered->type == Type::Array) {
            for (const JsonValue& n : offered->items) {
                if (!n.isString() || std::none_of(file.tools.begin(), file.tools.end(),
                                                  [&](const ToolSpec& t) { return t.name == n.text; }))
                    return fail(tc.id + ": offers a tool the file does not define");
                tc.offered.push_back(n.text);
            }
        }
        for (const JsonValue& e : expected->items) {
            const JsonValue* name = e.find("name");
            const JsonValue* args = e.find("arguments");
            if (!name || !name->isString()) return fail(tc.id + ": an expected call without a name");
            if (std::none_of(file.tools.begin(), file.tools.end(),
                             [&](const ToolSpec& t) { return t.name == name->text; }) ||
                (!tc.offered.empty() &&
                 std::find(tc.offered.begin(), tc.offered.end(), name->text) == tc.offered.end()))
                return fail(tc.id + ": expects a tool it does not offer: " + name->text);
            tc.expected.push_back({name->text, args ? compactJson(*args) : "{}"});
        }
        file.cases.push_back(std::move(tc));
    }
    return file;
}

Result<std::vector<ToolCaseFile>> loadToolCaseDir(const std::string& dir) {
    std::vector<std::string> paths;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".json") paths.push_back(entry.path().string());
    if (ec) return Status::error("cannot list " + dir + ": " + ec.message());
    if (paths.empty()) return Status::error("no case files (*.json) in " + dir);
    std::vector<ToolCaseFile> files;
    for (const std::string& p : paths) {
        auto f = loadToolCases(p);
        if (!f) return f.status();
        files.push_back(std::move(*f));
    }
    std::stable_sort(files.begin(), files.end(), [](const ToolCaseFile& a, const ToolCaseFile& b) {
        return categoryRank(a.category) != categoryRank(b.category)
                   ? categoryRank(a.category) < categoryRank(b.category)
                   : a.category < b.category;
    });
    return files;
}

CaseOutcome scoreCase(const ToolCase& c, const ParsedAnswer& answer) {
    CaseOutcome o;
    o.validCalls = static_cast<int>(answer.calls.size());
    o.malformedCalls = static_cast<int>(answer.malformed.size());
    o.called = answer.attemptedCall();
    std::vector<std::string> want, got;
    for (const auto& e : c.expected) want.push_back(e.name);
    for (const auto& a : answer.calls) got.push_back(a.name);
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    o.rightTools = want == got && (!c.expected.empty() || !o.called);
    if (!o.rightTools) return o;
    // Each expected call takes a distinct actual call of its name with matching arguments.
    std::vector<bool> used(answer.calls.size(), false);
    o.rightArguments = true;
    for (const ToolCallText& e : c.expected) {
        bool found = false;
        for (size_t i = 0; i < answer.calls.size() && !found; ++i) {
            if (used[i] || answer.calls[i].name != e.name) continue;
            if (argumentsMatch(e.argumentsJson, answer.calls[i].argumentsJson)) found = used[i] = true;
        }
        o.rightArguments = o.rightArguments && found;
    }
    return o;
}

CategoryScore summarize(const std::string& category, const std::vector<CaseOutcome>& outcomes) {
    CategoryScore s;
    s.category = category;
    s.cases = static_cast<int>(outcomes.size());
    if (outcomes.empty()) return s;
    int valid = 0, malformed = 0, tools = 0, args = 0, called = 0, right = 0;
    for (const CaseOutcome& o : outcomes) {
        valid += o.validCalls;
        malformed += o.malformedCalls;
        tools += o.rightTools;
        args += o.rightArguments;
        called += o.called;
        right += o.right();
    }
    const double n = static_cast<double>(outcomes.size());
    if (valid + malformed > 0) s.schemaValidity = double(valid) / (valid + malformed);
    s.toolChoice = tools / n;
    if (category != "irrelevance") s.arguments = args / n;
    s.callRate = called / n;
    s.accuracy = right / n;
    return s;
}

Result<std::vector<CategoryScore>> runToolEval(Session& session, const std::vector<ToolCaseFile>& files,
                                               const ToolEvalOptions& options) {
    const ChatFamily family = session.info().chatFamily;
    const ToolFormat format = toolFormatFor(family);
    std::vector<CategoryScore> scores;
    for (const ToolCaseFile& file : files) {
        std::vector<CaseOutcome> outcomes;
        for (const ToolCase& c : file.cases) {
            if (options.limit > 0 && static_cast<int>(outcomes.size()) >= options.limit) break;
            std::vector<ToolSpec> tools;
            for (const ToolSpec& t : file.tools)
                if (c.offered.empty() ||
                    std::find(c.offered.begin(), c.offered.end(), t.name) != c.offered.end())
                    tools.push_back(t);
            auto constraint = toolConstraint(format, tools, options.choice);
            if (!constraint) return Status::error(c.id + ": " + constraint.message());
            const std::vector<ChatMessage> conversation = {{"system", options.systemPrompt},
                                                           {"user", c.question}};
            auto prompt = withTools(family, conversation, tools, {options.choice});
            if (!prompt) return Status::error(file.category + ": " + prompt.message());
            GenerateOptions generate;
            generate.maxTokens = options.maxTokens;
            generate.sampling.temperature = 0;  // greedy: the run is repeatable
            generate.sampling.jsonSchema = constraint->jsonSchema;
            generate.sampling.constraintTrigger = constraint->trigger;
            std::string answer;
            session.reset();
            auto stats = session.chat(*prompt, generate, [&](std::string_view text, int32_t) {
                answer.append(text);
                return true;
            });
            if (!stats) return Status::error(c.id + ": " + stats.message());
            const ParsedAnswer parsed = parseToolCalls(format, answer, tools);
            outcomes.push_back(scoreCase(c, parsed));
            if (options.verbose) {
                std::printf("[%s] %s -> %s%s\n", c.id.c_str(), outcomes.back().right() ? "right" : "wrong",
                            answer.c_str(), parsed.malformed.empty() ? "" : " (malformed)");
                for (const MalformedCall& m : parsed.malformed)
                    std::printf("    malformed: %s\n", m.reason.c_str());
            }
        }
        scores.push_back(summarize(file.category, outcomes));
    }
    return scores;
}

}  // namespace peregrine::bench
