// Tools: what the assistant can do besides talking (timers, notes, conversions, the vehicle's devices).
// A Tool is called by name with JSON arguments, either by the language model (a tool call in its answer,
// constrained to parameters()) or by a DirectCommand that recognised a fixed phrase in a transcript ("set a
// timer for five minutes", "lights on") without the model.
//
// Thread: tools are invoked on the tools thread (ToolRunner), never on the UI thread; invoke() may touch disk
// or the network of the cab (MQTT, CAN) and must return within a second or two. match() is const, cheap
// (microseconds) and thread-safe: the voice thread calls it on every transcript.
#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>

namespace peregrine::tools {

struct ToolCall {
    QString name;
    QJsonObject arguments;
};

struct ToolResult {
    bool ok = false;
    QString say;       // one or two sentences for the screen and the loudspeaker ("Timer set for 5 minutes.")
    QJsonObject data;  // what the model gets back as the tool's result (the template's tool role)
};

class Tool {
public:
    virtual ~Tool() = default;
    virtual QString name() const = 0;         // snake_case, unique in a registry ("set_timer")
    virtual QString description() const = 0;  // one sentence, shown to the model
    // JSON schema of the arguments, in the subset engine/sampling constrains decoding to: object with
    // properties/required, string (enum, maxLength), integer/number (minimum, maximum), boolean, null, array
    // (items, maxItems).
    virtual QJsonObject parameters() const = 0;
    // True when this call moves or heats something (awning, heater, pump): the runner asks the driver for a
    // spoken confirmation first.
    virtual bool needsConfirmation(const QJsonObject& arguments) const {
        (void)arguments;
        return false;
    }
    // The question asked before a call that needsConfirmation(), without "Say yes to confirm." ("Turn on the
    // heater?"). Empty (the default): the runner words one from the tool's name and the argument values.
    // Added after the first contract; called on the tools thread.
    virtual QString confirmationPrompt(const QJsonObject& arguments) const {
        (void)arguments;
        return {};
    }
    virtual ToolResult invoke(const QJsonObject& arguments) = 0;
};

// A phrase that maps straight to a tool call, without the language model.
class DirectCommand {
public:
    virtual ~DirectCommand() = default;
    virtual std::optional<ToolCall> match(const QString& transcript) const = 0;
};

}  // namespace peregrine::tools
