// peregrine-cli subcommands. Each takes the arguments after its name and returns the process exit code
// (0 ok, 1 failure, 2 usage error). Errors go to stderr as one plain sentence.
#pragma once

#include <string>
#include <vector>

namespace peregrine::cli {

using Args = std::vector<std::string>;

int cmdConfig(const Args& args);    // effective configuration with sources (app/config)
int cmdRun(const Args& args);       // one prompt, streamed answer, stats
int cmdChat(const Args& args);      // interactive multi-turn chat
int cmdInspect(const Args& args);   // model summary without loading weights
int cmdTokenize(const Args& args);  // token ids, or llama.cpp .inp/.out cases
int cmdLogits(const Args& args);    // golden-format JSON for conformance comparison
int cmdSynth(const Args& args);     // random-weight GGUF of a real shape
int cmdVoice(const Args& args);     // voice loop on files: transcript, answer, stage timings
int cmdModels(const Args& args);    // models list|inspect|verify|compare (app/models)
int cmdThermal(const Args& args);   // thermal zones, throttling, governor level; trace replay
int cmdDoctor(const Args& args);    // the installer's report: what on this board works, each fix
int cmdTools(const Args& args);     // the cab's tools: list, call one against the database, match a phrase

}  // namespace peregrine::cli
