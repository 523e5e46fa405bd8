// The app's side of one tool round: the registry's tools as the engine's ToolSpecs, and the calls an answer
// made run through the registry, giving the tool turns fed back to the model and the activity the
// conversation shows and stores (messages.tool_calls).
//
// Thread: the inference thread (InferenceWorker). Tools are invoked there for now, not on a tools thread:
// a tool must return within a second or two (tools/tool.h), and the answer waits for it anyway. A tool that
// needs the driver's confirmation (Tool::needsConfirmation) is not invoked: its result says so, and the
// model tells the driver. Ownership: the registry is not owned and is only read.
#pragma once

#include <QJsonArray>
#include <QString>
#include <vector>

#include "toolcall/tool_call_parser.h"

namespace peregrine {

namespace tools {
class ToolRegistry;
}

std::vector<ToolSpec> toolSpecsOf(const tools::ToolRegistry& registry);

struct ToolRoundResult {
    std::vector<ChatMessage> toolTurns;  // role "tool", one per call (malformed ones too), in call order
    // One object per call: {"name", "arguments", "ok", "say", "result"}; a malformed call: {"name" (when
    // known), "text", "error"}; a call not run: {"name", "arguments", "ok": false, "say"}.
    QJsonArray activity;  // shown by MessageListModel (toolCallsText) and stored in messages.tool_calls
};

// Runs parsed's calls in order (registry->find(name)->invoke(arguments)); malformed calls are not run and
// their tool turn tells the model why.
ToolRoundResult runToolRound(const tools::ToolRegistry& registry, const ParsedAnswer& parsed);

}  // namespace peregrine
