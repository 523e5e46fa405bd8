// Direct commands for the timers: fixed phrases mapped to tool calls without the language model. The
// transcript is normalised (tools/number_words.h) and numbers may be words, as pocketsphinx writes them.
//   TimerCommand:       "set a timer for five minutes", "start a ten second timer", "timer for an hour and a
//                       half"                                      -> set_timer {amount (s), unit: seconds}
//   CancelTimerCommand: "cancel the timer", "stop the timers", "cancel all timers" -> cancel_timer
//   ListTimersCommand:  "what timers", "what timers are running", "list my timers", "how long is left on the
//                       timer"                                    -> list_timers
//   ReminderCommand:    "remind me to check the load straps in forty minutes", "remind me in ten minutes to
//                       call home"                                -> set_reminder {text, amount, unit}
// Thread: match() is const and thread-safe (static regular expressions), microseconds.
#pragma once

#include "tools/tool.h"

namespace peregrine::tools {

class TimerCommand : public DirectCommand {
public:
    std::optional<ToolCall> match(const QString& transcript) const override;
};

class CancelTimerCommand : public DirectCommand {
public:
    std::optional<ToolCall> match(const QString& transcript) const override;
};

class ListTimersCommand : public DirectCommand {
public:
    std::optional<ToolCall> match(const QString& transcript) const override;
};

class ReminderCommand : public DirectCommand {
public:
    std::optional<ToolCall> match(const QString& transcript) const override;
};

}  // namespace peregrine::tools
