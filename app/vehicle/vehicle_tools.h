// The vehicle's entry point for the tool factory: registers switch_device, device_status and the device cab
// phrases (DevicePhrases) for the configured devices. With no devices configured nothing is registered (the
// device enum of the tools' schema cannot be empty).
//
// Every command is logged to peregrine.vehicle and handed to sink (may be empty); the storage overload posts
// each record to the StorageService's thread (table device_commands) without waiting. The storage service
// must outlive the registry. Thread: call once at start, before the registry is shared.
#pragma once

#include "config/vehicle_config.h"
#include "tools/tool_registry.h"
#include "vehicle/device_switcher.h"

namespace peregrine {
class StorageService;
}

namespace peregrine::vehicle {

// Returns how many tools were added (0 with no devices, 2 otherwise).
int addVehicleTools(tools::ToolRegistry& registry, const VehicleConfig& config, DeviceCommandSink sink);
int addVehicleTools(tools::ToolRegistry& registry, const VehicleConfig& config, StorageService* storage);

// A sink that posts each record to storage (null storage: log only).
DeviceCommandSink storageSink(StorageService* storage);

}  // namespace peregrine::vehicle
