#include "vehicle/device_switcher.h"

#include "vehicle/can_frame.h"
#include "vehicle/vehicle_log.h"

namespace peregrine::vehicle {

QString stateWord(const DeviceConfig& d, bool on) {
    if (d.kind == DeviceKind::Awning) return on ? QStringLiteral("out") : QStringLiteral("in");
    return on ? QStringLiteral("on") : QStringLiteral("off");
}

DeviceSwitcher::DeviceSwitcher(VehicleConfig config, DeviceCommandSink sink)
    : m_config(std::move(config)), m_sink(std::move(sink)), m_mqtt(m_config.mqtt) {}

QStringList DeviceSwitcher::deviceNames() const {
    QStringList names;
    for (const DeviceConfig& d : m_config.devices) names << d.name;
    return names;
}

const DeviceConfig* DeviceSwitcher::find(const QString& name) const {
    const QString n = name.simplified();
    for (const DeviceConfig& d : m_config.devices)
        if (d.name.compare(n, Qt::CaseInsensitive) == 0) return &d;
    for (const DeviceConfig& d : m_config.devices)
        for (const QString& a : d.aliases)
            if (a.compare(n, Qt::CaseInsensitive) == 0) return &d;
    return nullptr;
}

bool DeviceSwitcher::needsConfirmation(const DeviceConfig& d, bool on) {
    switch (d.confirm) {
        case DeviceConfig::Confirm::Always:
            return true;
        case DeviceConfig::Confirm::Never:
            return false;
        case DeviceConfig::Confirm::ByKind:
            break;
    }
    switch (d.kind) {
        case DeviceKind::Awning:  // moves, both ways
            return true;
        case DeviceKind::Heater:     // heats
        case DeviceKind::WaterPump:  // runs dry or floods when a line is open
            return on;
        default:
            return false;
    }
}

SwitchOutcome DeviceSwitcher::switchDevice(const DeviceConfig& d, bool on, const QString& source) {
    std::lock_guard lock(m_mutex);
    SwitchOutcome out;
    if (d.transport == DeviceTransport::Mqtt) {
        const QByteArray& payload = on ? d.payloadOn : d.payloadOff;
        out.detail = d.topic + QLatin1Char(' ') + QString::fromUtf8(payload);
        out.ok = m_mqtt.publish(d.topic, payload, d.qos, d.retain, &out.error);
        out.sent = out.ok;
    } else {
        const CanFrame frame{d.canId, d.canExtended, on ? d.dataOn : d.dataOff};
        const CanSendResult r = sendCanFrame(d.canInterface, frame);
        out.detail = r.frameText;
        out.ok = out.sent = r.sent;
        if (!r.sent) out.error = r.error + QStringLiteral("; the frame %1 was not sent").arg(r.frameText);
    }
    const QString transport =
        d.transport == DeviceTransport::Mqtt ? QStringLiteral("mqtt") : QStringLiteral("can");
    const QString state = on ? QStringLiteral("on") : QStringLiteral("off");
    // "cabin lights on via mqtt: rv/cabin/lights/set ON (voice)"
    const QString line = QStringLiteral("%1 %2 via %3: %4 (%5)")
                             .arg(d.name, state, transport,
                                  out.ok ? out.detail : QStringLiteral("failed: ") + out.error, source);
    if (out.ok) {
        m_states[d.name] = DeviceState{on, QDateTime::currentDateTimeUtc(), source};
        qCInfo(lcVehicle).noquote() << line;
    } else {
        qCWarning(lcVehicle).noquote() << line;
    }
    if (m_sink) {
        DeviceCommandRecord rec;
        rec.at = QDateTime::currentDateTimeUtc();
        rec.device = d.name;
        rec.state = state;
        rec.transport = transport;
        rec.detail = out.detail;
        rec.ok = out.ok;
        rec.error = out.error;
        rec.source = source;
        m_sink(rec);
    }
    return out;
}

std::optional<DeviceState> DeviceSwitcher::lastState(const QString& name) const {
    std::lock_guard lock(m_mutex);
    auto it = m_states.constFind(name);
    if (it == m_states.constEnd()) return std::nullopt;
    return *it;
}

}  // namespace peregrine::vehicle
