// DeviceSwitcher: the configured devices and the one way to switch them. It sends the configured MQTT
// payload or CAN frame, remembers the last state it set for each device (nothing is read back from the
// vehicle), and logs every command, failed ones included: a line in peregrine.vehicle and a
// DeviceCommandRecord handed to the sink (the app's sink writes it to SQLite table device_commands).
//
// Thread: switchDevice()/lastState() are serialised by a mutex (the tools thread calls them; a test may
// call from its own thread). switchDevice() blocks at most mqtt.timeout_ms (MQTT) or microseconds (CAN).
#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <functional>
#include <mutex>
#include <optional>

#include "config/vehicle_config.h"
#include "storage/records.h"
#include "vehicle/mqtt_publisher.h"

namespace peregrine::vehicle {

// Receives every command's record; called on the switching thread, must not block (post, don't write).
using DeviceCommandSink = std::function<void(const DeviceCommandRecord&)>;

struct SwitchOutcome {
    bool ok = false;
    bool sent = false;  // false also for a CAN frame only described (no interface)
    QString detail;     // "rv/cabin/lights ON" or "can0 123#01FF"
    QString error;
};

struct DeviceState {
    bool on = false;
    QDateTime at;
    QString source;
};

class DeviceSwitcher {
public:
    DeviceSwitcher(VehicleConfig config, DeviceCommandSink sink);

    const QList<DeviceConfig>& devices() const { return m_config.devices; }
    QStringList deviceNames() const;
    // The device named name (case-insensitive; aliases too), or null.
    const DeviceConfig* find(const QString& name) const;
    // True when switching d to on/off asks the driver first (DeviceConfig::confirm, by kind).
    static bool needsConfirmation(const DeviceConfig& d, bool on);

    SwitchOutcome switchDevice(const DeviceConfig& d, bool on, const QString& source);
    // The last state this assistant set (not read back), if any since start.
    std::optional<DeviceState> lastState(const QString& name) const;

private:
    VehicleConfig m_config;
    DeviceCommandSink m_sink;
    mutable std::mutex m_mutex;
    MqttPublisher m_mqtt;  // guarded by m_mutex
    QHash<QString, DeviceState> m_states;
};

// "on"/"off" as the driver hears it for d: an awning goes "out"/"in", everything else "on"/"off".
QString stateWord(const DeviceConfig& d, bool on);

}  // namespace peregrine::vehicle
