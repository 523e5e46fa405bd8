// The sampling, length, thread and context options that `peregrine-cli run` and `chat` share (-n, --temp,
// --seed, --top-k, --top-p, --min-p, --repeat-penalty, -t, -c), read into the engine's options. An option
// that is absent (or not registered with the parser) keeps its default, which comes from core/defaults.h
// like the app's config defaults: tests/app/config/tst_defaults.cpp checks that the two agree.
#pragma once

#include <string>

#include "cli/arg_parser.h"
#include "runtime/session.h"

namespace peregrine::cli {

// Reads the options parsed by p into go and so (fields of absent options are left as they are). Returns
// false with *error set when a value is not a number.
bool applySamplingArgs(ArgParser& p, GenerateOptions* go, SessionOptions* so, std::string* error);

// --json-schema FILE (run): reads the file into go->sampling.jsonSchema and checks it against the supported
// subset (engine/sampling/json_schema.h) before any model is loaded. Returns false with *error set (the
// file cannot be read, the schema is not valid JSON or uses an unsupported keyword).
bool applyJsonSchemaArg(const ArgParser& p, GenerateOptions* go, std::string* error);

}  // namespace peregrine::cli
