#include "vehicle/vehicle_tools.h"

#include <memory>

#include "storage/storage_service.h"
#include "vehicle/device_phrases.h"
#include "vehicle/device_tools.h"
#include "vehicle/vehicle_log.h"

namespace peregrine::vehicle {

DeviceCommandSink storageSink(StorageService* storage) {
    if (!storage) return {};
    return [storage](const DeviceCommandRecord& record) {
        storage->post([record](Database& db) {
            if (db.isOpen() && db.addDeviceCommand(record) <= 0)
                qCWarning(lcVehicle).noquote() << "device command not logged:" << db.lastError();
        });
    };
}

int addVehicleTools(tools::ToolRegistry& registry, const VehicleConfig& config, DeviceCommandSink sink) {
    if (config.devices.isEmpty()) {
        qCDebug(lcVehicle) << "no devices configured: no vehicle tools";
        return 0;
    }
    auto switcher = std::make_shared<DeviceSwitcher>(config, std::move(sink));
    int added = 0;
    added += registry.addTool(std::make_unique<SwitchDeviceTool>(switcher)) ? 1 : 0;
    added += registry.addTool(std::make_unique<DeviceStatusTool>(switcher)) ? 1 : 0;
    registry.addCommand(std::make_unique<DevicePhrases>(config.devices));
    qCInfo(lcVehicle).noquote() << config.devices.size() << "devices:" << switcher->deviceNames().join(", ");
    return added;
}

int addVehicleTools(tools::ToolRegistry& registry, const VehicleConfig& config, StorageService* storage) {
    return addVehicleTools(registry, config, storageSink(storage));
}

}  // namespace peregrine::vehicle
