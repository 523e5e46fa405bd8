#include "cli/cli_tools.h"

#include "vehicle/vehicle_tools.h"

namespace peregrine::cli {

void addCliTools(tools::ToolRegistry& registry, const AppConfig& config, const tools::ToolEnvironment& env) {
    tools::buildToolRegistry(registry, env);
    std::shared_ptr<tools::ToolStore> store = env.context.store;
    vehicle::DeviceCommandSink sink;
    if (store) sink = [store](const DeviceCommandRecord& record) { store->addDeviceCommand(record); };
    vehicle::addVehicleTools(registry, config.vehicle, std::move(sink));
}

}  // namespace peregrine::cli
