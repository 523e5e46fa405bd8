// Devices shared by the vehicle tests: lights and a pump over MQTT, an awning and a heater over CAN.
#pragma once

#include "config/vehicle_config.h"

namespace peregrine::testing {

inline DeviceConfig mqttDevice(const QString& name, DeviceKind kind, const QString& topic,
                               QStringList aliases = {}) {
    DeviceConfig d;
    d.name = name;
    d.kind = kind;
    d.aliases = std::move(aliases);
    d.transport = DeviceTransport::Mqtt;
    d.topic = topic;
    return d;
}

inline DeviceConfig canDevice(const QString& name, DeviceKind kind, const QString& interfaceName, quint32 id,
                              const QByteArray& on, const QByteArray& off) {
    DeviceConfig d;
    d.name = name;
    d.kind = kind;
    d.transport = DeviceTransport::Can;
    d.canInterface = interfaceName;
    d.canId = id;
    d.canExtended = id > 0x7FF;
    d.dataOn = on;
    d.dataOff = off;
    return d;
}

inline QList<DeviceConfig> cabDevices(const QString& canInterface = QStringLiteral("can0")) {
    return {
        mqttDevice(QStringLiteral("cabin lights"), DeviceKind::Light, QStringLiteral("rv/cabin/lights/set"),
                   {QStringLiteral("lights"), QStringLiteral("inside lights")}),
        mqttDevice(QStringLiteral("water pump"), DeviceKind::WaterPump, QStringLiteral("rv/pump/set")),
        mqttDevice(QStringLiteral("porch light"), DeviceKind::Light, QStringLiteral("rv/porch/set")),
        canDevice(QStringLiteral("awning"), DeviceKind::Awning, canInterface, 0x1A0,
                  QByteArray::fromHex("01FF"), QByteArray::fromHex("00FF")),
        canDevice(QStringLiteral("heater"), DeviceKind::Heater, canInterface, 0x18FEF100,
                  QByteArray::fromHex("01"), QByteArray::fromHex("00"))};
}

}  // namespace peregrine::testing
