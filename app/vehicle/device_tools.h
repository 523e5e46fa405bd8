// The vehicle's tools: switch_device (switch a configured device on or off; an awning on = out) and
// device_status (the last state this assistant set; nothing is read back from the vehicle).
//
// Arguments: {"device": one of the configured names, "state": "on" | "off"}. An optional "source" ("voice",
// "model", "cli"; default "model") says who asked, for the log; it is not in parameters(), so a constrained
// model cannot produce it. Thread: the tools thread (see tools/tool.h); both share one DeviceSwitcher.
#pragma once

#include <memory>

#include "tools/tool.h"
#include "vehicle/device_switcher.h"

namespace peregrine::vehicle {

class SwitchDeviceTool : public tools::Tool {
public:
    explicit SwitchDeviceTool(std::shared_ptr<DeviceSwitcher> switcher);
    QString name() const override { return QStringLiteral("switch_device"); }
    QString description() const override;
    QJsonObject parameters() const override;
    // Awning: both ways; heater and water pump: on; per device "confirm:" overrides (DeviceSwitcher).
    bool needsConfirmation(const QJsonObject& arguments) const override;
    // "Extend the awning?", "Turn the heater on?"
    QString confirmationPrompt(const QJsonObject& arguments) const override;
    tools::ToolResult invoke(const QJsonObject& arguments) override;

private:
    std::shared_ptr<DeviceSwitcher> m_switcher;
};

class DeviceStatusTool : public tools::Tool {
public:
    explicit DeviceStatusTool(std::shared_ptr<DeviceSwitcher> switcher);
    QString name() const override { return QStringLiteral("device_status"); }
    QString description() const override;
    QJsonObject parameters() const override;  // {"device": optional; absent = every device}
    tools::ToolResult invoke(const QJsonObject& arguments) override;

private:
    std::shared_ptr<DeviceSwitcher> m_switcher;
};

}  // namespace peregrine::vehicle
