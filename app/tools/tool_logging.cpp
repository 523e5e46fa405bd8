#include "tools/tool_logging.h"

namespace peregrine::tools {
Q_LOGGING_CATEGORY(lcTools, "peregrine.tools")
}  // namespace peregrine::tools
