// Sampling settings of one request (runtime/session.h re-exports this for the Session API).
#pragma once

#include <cstdint>
#include <string>

#include "core/defaults.h"

namespace peregrine {

struct SamplingOptions {
    // Defaults: core/defaults.h (one definition for the engine, the app's config and the CLI).
    float temperature = static_cast<float>(defaults::kTemperature);      // <= 0: greedy
    int topK = defaults::kTopK;                                          // <= 0: off
    float topP = static_cast<float>(defaults::kTopP);                    // >= 1: off
    float minP = static_cast<float>(defaults::kMinP);                    // <= 0: off
    float repeatPenalty = static_cast<float>(defaults::kRepeatPenalty);  // 1: off
    int repeatLastN = defaults::kRepeatLastN;
    uint64_t seed = 0;  // same seed + same input = same output

    // Constrained decoding (engine/sampling: a JSON-schema subset compiled into a grammar that masks the
    // vocabulary). Empty jsonSchema: free text.
    std::string jsonSchema;  // the schema's JSON text
    // Empty: the whole output is one JSON value of the schema, then only end-of-generation is allowed.
    // Else (a "lazy" constraint): free text until the generated text ends with the trigger (e.g.
    // "<tool_call>"), then one JSON value of the schema, then free text again (so a second trigger starts a
    // second constrained value: parallel calls).
    std::string constraintTrigger;
};

}  // namespace peregrine
