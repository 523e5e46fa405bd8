// The tools' logging category, "peregrine.tools": every call, its arguments and result (ToolRunner), timers
// firing or found missed (TimerScheduler).
#pragma once

#include <QLoggingCategory>

namespace peregrine::tools {
Q_DECLARE_LOGGING_CATEGORY(lcTools)
}  // namespace peregrine::tools
