// The CLI's tools (`peregrine-cli voice`, `peregrine-cli tools`): the cab's tools (timers, notes, ...) and the
// vehicle's configured devices, with the device command log written through the tools' own database
// connection (the CLI has no storage thread). The app builds the same registry in ui/app_tools.cpp, logging
// through its StorageService. Thread: the calling thread, once, before the registry is shared.
#pragma once

#include "config/app_config.h"
#include "tools/tool_set.h"

namespace peregrine::cli {

void addCliTools(tools::ToolRegistry& registry, const AppConfig& config, const tools::ToolEnvironment& env);

}  // namespace peregrine::cli
