// --backend native|llamacpp|openai|genie, --llamacpp-lib PATH, --genie-lib PATH and --qairt-root DIR, shared
// by `run` and `chat`. A Genie bundle folder as the model picks genie whatever --backend says (but openai).
#pragma once

#include <QCoreApplication>
#include <memory>
#include <set>
#include <string>

#include "cli/arg_parser.h"
#include "inference/backend_factory.h"

namespace peregrine::cli {

inline constexpr const char* kBackendUsage =
    "[--backend native|llamacpp|openai|genie|rkllm] [--llamacpp-lib PATH]\n"
    "       [--genie-lib PATH] [--qairt-root DIR] [--qairt VERSION] [--rkllm-lib PATH]\n"
    "       [--endpoint URL] [--api-key-file FILE] [--stall-ms MS]  (openai: -m is the server's model, "
    "optional)";

// `options` plus the value options applyBackendOptions() and verifyBundleBeforeLoad() read (--backend,
// --llamacpp-lib, --endpoint, --api-key-file, --stall-ms, --genie-lib, --qairt-root, --qairt, --rkllm-lib).
std::set<std::string> withBackendOptions(std::set<std::string> options);

// Fills kind, llamacppLibrary and the endpoint settings of `request` from the parsed options (absent:
// native, library from $PEREGRINE_LLAMACPP_LIB or the linker's search). False with *error set on an
// unknown backend name or an API key file that cannot be used (not 0600, unreadable).
bool applyBackendOptions(ArgParser& p, BackendRequest& request, std::string* error);

// A Genie bundle or .rkllm file is verified (files present, JSON valid for the board's Genie, compiled-with
// QAIRT not newer than the board's: --qairt VERSION, PEREGRINE_QAIRT_VERSION, else detected) before any
// runtime library is asked to load it. False with *error = "refused before loading: <the verifier's first
// error>".
bool verifyBundleBeforeLoad(ArgParser& p, const BackendRequest& request, std::string* error);

// The openai client needs a QCoreApplication: one for the command to keep while it runs (declared before the
// backend, so it outlives it), or null when the backend needs none or one exists.
std::unique_ptr<QCoreApplication> qtApplicationFor(const BackendRequest& request);

}  // namespace peregrine::cli
