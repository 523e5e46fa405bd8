// The vehicle's named devices and the MQTT broker they are reached through (peregrine.yaml "devices" and
// "mqtt"). Plain structs filled by ConfigLoader (config_devices.cpp parses and validates each device entry);
// app/vehicle turns them into tools and cab commands.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace peregrine {

struct MqttConfig {
    QString host = QStringLiteral("127.0.0.1");      // mqtt.host
    int port = 1883;                                 // mqtt.port
    QString clientId = QStringLiteral("peregrine");  // mqtt.client_id
    QString username;                                // mqtt.username (empty = anonymous)
    QString passwordFile;                            // mqtt.password_file (mode 0600)
    int timeoutMs = 2000;                            // mqtt.timeout_ms: connect + publish
};

// What a device is; decides the words that switch it ("awning out") and whether it asks first.
enum class DeviceKind { Light, Awning, WaterPump, Heater, Inverter, Other };

enum class DeviceTransport { Mqtt, Can };

struct DeviceConfig {
    QString name;         // "cabin lights": the tool's enum value and what is spoken back
    QStringList aliases;  // other names the driver uses ("lights", "inside lights")
    DeviceKind kind = DeviceKind::Other;
    // confirm: ask the driver before switching. Default by kind: awning both ways (it moves), heater and
    // water pump when switched on (heat; a pump runs dry or floods), everything else never.
    enum class Confirm { ByKind, Always, Never } confirm = Confirm::ByKind;
    DeviceTransport transport = DeviceTransport::Mqtt;
    // mqtt
    QString topic;
    QByteArray payloadOn = QByteArrayLiteral("ON"), payloadOff = QByteArrayLiteral("OFF");
    bool retain = false;
    int qos = 1;  // 0, 1 or 2
    // can
    QString canInterface;  // "can0"
    quint32 canId = 0;     // 11-bit (standard) or 29-bit (extended) identifier
    bool canExtended = false;
    QByteArray dataOn, dataOff;  // 0 to 8 bytes each
    QString where;               // "FILE:LINE" of the entry (for messages)
};

struct VehicleConfig {
    MqttConfig mqtt;
    QList<DeviceConfig> devices;  // in file order; a later layer's devices list replaces an earlier one's
};

// "light", "awning", "water_pump", "heater", "inverter", "other".
QString deviceKindName(DeviceKind kind);
QStringList deviceKindNames();

}  // namespace peregrine
