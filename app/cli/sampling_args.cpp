#include "cli/sampling_args.h"

#include <fstream>
#include <sstream>

#include "sampling/json_schema.h"

namespace peregrine::cli {

bool applySamplingArgs(ArgParser& p, GenerateOptions* go, SessionOptions* so, std::string* error) {
    const auto n = p.intValue(p.has("-n") ? "-n" : "--n-predict");
    const auto threads = p.intValue(p.has("-t") ? "-t" : "--threads");
    const auto ctx = p.intValue(p.has("-c") ? "-c" : "--ctx");
    const auto temp = p.doubleValue("--temp");
    const auto seed = p.intValue("--seed");
    const auto topK = p.intValue("--top-k");
    const auto topP = p.doubleValue("--top-p");
    const auto minP = p.doubleValue("--min-p");
    const auto penalty = p.doubleValue("--repeat-penalty");
    if (!p.error().empty()) {
        *error = p.error();
        return false;
    }
    if (n) go->maxTokens = static_cast<int>(*n);
    if (threads) so->threads = static_cast<int>(*threads);
    if (ctx) so->contextLength = static_cast<int>(*ctx);
    if (temp) go->sampling.temperature = static_cast<float>(*temp);
    if (seed) go->sampling.seed = static_cast<uint64_t>(*seed);
    if (topK) go->sampling.topK = static_cast<int>(*topK);
    if (topP) go->sampling.topP = static_cast<float>(*topP);
    if (minP) go->sampling.minP = static_cast<float>(*minP);
    if (penalty) go->sampling.repeatPenalty = static_cast<float>(*penalty);
    return true;
}

bool applyJsonSchemaArg(const ArgParser& p, GenerateOptions* go, std::string* error) {
    const auto path = p.value("--json-schema");
    if (!path) return true;
    std::ifstream in(*path, std::ios::binary);
    if (!in) {
        *error = "--json-schema: cannot read " + *path;
        return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (auto schema = parseJsonSchema(text.str()); !schema) {
        *error = "--json-schema " + *path + ": " + schema.message();
        return false;
    }
    go->sampling.jsonSchema = text.str();
    return true;
}

}  // namespace peregrine::cli
