#include "config/config_devices.h"

#include <QRegularExpression>
#include <QSet>
#include <optional>

#include "config/yaml_file.h"

namespace peregrine {

QStringList deviceKindNames() {
    return {QStringLiteral("light"),  QStringLiteral("awning"),   QStringLiteral("water_pump"),
            QStringLiteral("heater"), QStringLiteral("inverter"), QStringLiteral("other")};
}

QString deviceKindName(DeviceKind kind) {
    return deviceKindNames().value(static_cast<int>(kind));
}

namespace config_detail {

bool parseCanId(const QString& text, quint32* id) {
    QString t = text.trimmed();
    if (t.startsWith(QLatin1String("0x"), Qt::CaseInsensitive)) t = t.mid(2);
    static const QRegularExpression hex(QStringLiteral("^[0-9A-Fa-f]{1,8}$"));
    if (!hex.match(t).hasMatch()) return false;
    const quint32 v = t.toUInt(nullptr, 16);
    if (v > 0x1FFFFFFFu) return false;
    *id = v;
    return true;
}

bool parseHexBytes(const QString& text, QByteArray* bytes) {
    QString t = text;
    t.replace(QRegularExpression(QStringLiteral("0[xX]([0-9A-Fa-f]{2})")), QStringLiteral("\\1"));
    t.remove(QRegularExpression(QStringLiteral("[\\s:,.]")));
    static const QRegularExpression hex(QStringLiteral("^([0-9A-Fa-f]{2}){0,8}$"));
    if (!hex.match(t).hasMatch()) return false;
    *bytes = QByteArray::fromHex(t.toLatin1());
    return true;
}

namespace {

// Why an entry is rejected: the node it is about and the message after "KEY: ".
struct Reject {
    YAML::Node node;
    QString key, message;
};

QString scalarOf(const YAML::Node& node) {
    return node.IsScalar() ? QString::fromStdString(node.Scalar()) : QString();
}

QString got(const YAML::Node& node) {
    const ConfigRawValue raw = rawValue(node);
    if (raw.kind == ConfigRawValue::Kind::List) return QStringLiteral("a list");
    if (raw.kind == ConfigRawValue::Kind::Map) return QStringLiteral("a mapping");
    if (raw.kind == ConfigRawValue::Kind::Null) return QStringLiteral("nothing");
    return QLatin1Char('\'') + raw.text + QLatin1Char('\'');
}

std::optional<bool> flag(const QString& t) {
    if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("on")) return true;
    if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("off")) return false;
    return std::nullopt;
}

// Fills d from the mapping of one transport ("mqtt" or "can"); nullopt when valid.
std::optional<Reject> parseTransport(const QString& which, const YAML::Node& map, DeviceConfig& d,
                                     const QString& prefix, QStringList* warnings, const QString& path) {
    if (!map.IsMap()) return Reject{map, which, QStringLiteral("expected a mapping, got ") + got(map)};
    const bool mqtt = which == QLatin1String("mqtt");
    const QStringList known = mqtt ? QStringList{"topic", "payload_on", "payload_off", "retain", "qos"}
                                   : QStringList{"interface", "id", "extended", "data_on", "data_off"};
    std::optional<bool> extended;
    for (auto kv = map.begin(); kv != map.end(); ++kv) {
        const QString key = scalarOf(kv->first);
        const YAML::Node v = kv->second;
        const QString full = which + QLatin1Char('.') + key;
        if (!known.contains(key)) {
            *warnings << QStringLiteral("%1:%2: unknown key '%3%4' (ignored)")
                             .arg(path)
                             .arg(lineOf(kv->first))
                             .arg(prefix, full);
            continue;
        }
        if (!v.IsScalar()) return Reject{v, full, QStringLiteral("expected a single value, got ") + got(v)};
        const QString t = scalarOf(v).trimmed();
        if (key == QLatin1String("topic")) {
            if (t.isEmpty() || t.contains(QLatin1Char('+')) || t.contains(QLatin1Char('#')))
                return Reject{v, full, QStringLiteral("expected a topic without wildcards, got ") + got(v)};
            d.topic = t;
        } else if (key == QLatin1String("payload_on")) {
            d.payloadOn = scalarOf(v).toUtf8();
        } else if (key == QLatin1String("payload_off")) {
            d.payloadOff = scalarOf(v).toUtf8();
        } else if (key == QLatin1String("retain") || key == QLatin1String("extended")) {
            const std::optional<bool> b = flag(t);
            if (!b) return Reject{v, full, QStringLiteral("expected true or false, got ") + got(v)};
            if (key == QLatin1String("retain"))
                d.retain = *b;
            else
                extended = *b;
        } else if (key == QLatin1String("qos")) {
            if (t != QLatin1String("0") && t != QLatin1String("1") && t != QLatin1String("2"))
                return Reject{v, full, QStringLiteral("expected 0, 1 or 2, got ") + got(v)};
            d.qos = t.toInt();
        } else if (key == QLatin1String("interface")) {
            static const QRegularExpression ifname(QStringLiteral("^[A-Za-z0-9_.-]{1,15}$"));
            if (!ifname.match(t).hasMatch())
                return Reject{v, full, QStringLiteral("expected a network interface name, got ") + got(v)};
            d.canInterface = t;
        } else if (key == QLatin1String("id")) {
            if (!parseCanId(t, &d.canId))
                return Reject{v, full,
                              QStringLiteral("expected a hex CAN id up to 1FFFFFFF (0x123), got ") + got(v)};
        } else {
            QByteArray bytes;
            if (!parseHexBytes(t, &bytes))
                return Reject{v, full,
                              QStringLiteral("expected 0 to 8 hex bytes (\"01 FF\"), got ") + got(v)};
            (key == QLatin1String("data_on") ? d.dataOn : d.dataOff) = bytes;
        }
    }
    if (mqtt) {
        if (d.topic.isEmpty()) return Reject{map, QStringLiteral("mqtt.topic"), QStringLiteral("missing")};
        return std::nullopt;
    }
    for (const char* required : {"interface", "id", "data_on", "data_off"})
        if (!map[required])
            return Reject{map, QStringLiteral("can.") + QLatin1String(required), QStringLiteral("missing")};
    d.canExtended = extended.value_or(d.canId > 0x7FF);
    if (!d.canExtended && d.canId > 0x7FF)
        return Reject{map[std::string("id")], QStringLiteral("can.id"),
                      QStringLiteral("expected at most 7FF for a standard id (set extended: true), got '%1'")
                          .arg(QString::number(d.canId, 16).toUpper())};
    return std::nullopt;
}

std::optional<Reject> parseEntry(const YAML::Node& entry, DeviceConfig& d, const QString& prefix,
                                 QStringList* warnings, const QString& path) {
    if (!entry.IsMap())
        return Reject{entry, QString(),
                      QStringLiteral("expected a mapping (name:, kind:, mqtt: or can:), got ") + got(entry)};
    bool hasTransport = false;
    for (auto kv = entry.begin(); kv != entry.end(); ++kv) {
        const QString key = scalarOf(kv->first);
        const YAML::Node v = kv->second;
        if (key == QLatin1String("mqtt") || key == QLatin1String("can")) {
            if (hasTransport)
                return Reject{kv->first, key, QStringLiteral("a device has either mqtt or can, not both")};
            hasTransport = true;
            d.transport = key == QLatin1String("mqtt") ? DeviceTransport::Mqtt : DeviceTransport::Can;
            if (auto r = parseTransport(key, v, d, prefix, warnings, path)) return r;
        } else if (key == QLatin1String("name")) {
            d.name = scalarOf(v).simplified();
            if (d.name.isEmpty()) return Reject{v, key, QStringLiteral("expected a name, got ") + got(v)};
        } else if (key == QLatin1String("aliases")) {
            const ConfigRawValue raw = rawValue(v);
            if (raw.kind == ConfigRawValue::Kind::Scalar)
                d.aliases = {raw.text.simplified()};
            else if (raw.kind == ConfigRawValue::Kind::List && !raw.nested)
                for (const QString& a : raw.items) d.aliases << a.simplified();
            else
                return Reject{v, key, QStringLiteral("expected a list of names, got ") + got(v)};
            d.aliases.removeAll(QString());
        } else if (key == QLatin1String("kind")) {
            const int k = deviceKindNames().indexOf(scalarOf(v).trimmed());
            if (k < 0)
                return Reject{v, key,
                              QStringLiteral("expected one of ") +
                                  deviceKindNames().join(QStringLiteral(", ")) + QStringLiteral(", got ") +
                                  got(v)};
            d.kind = static_cast<DeviceKind>(k);
        } else if (key == QLatin1String("confirm")) {
            const std::optional<bool> b = flag(scalarOf(v).trimmed());
            if (!b) return Reject{v, key, QStringLiteral("expected true or false, got ") + got(v)};
            d.confirm = *b ? DeviceConfig::Confirm::Always : DeviceConfig::Confirm::Never;
        } else {
            *warnings << QStringLiteral("%1:%2: unknown key '%3%4' (ignored)")
                             .arg(path)
                             .arg(lineOf(kv->first))
                             .arg(prefix, key);
        }
    }
    if (d.name.isEmpty()) return Reject{entry, QStringLiteral("name"), QStringLiteral("missing")};
    if (!hasTransport)
        return Reject{entry, QStringLiteral("mqtt"), QStringLiteral("missing: a device needs mqtt: or can:")};
    return std::nullopt;
}

}  // namespace

void parseDevices(const QString& path, const YAML::Node& node, QList<DeviceConfig>* devices,
                  QStringList* errors, QStringList* warnings) {
    devices->clear();
    if (!node.IsSequence()) {
        *errors << QStringLiteral("%1:%2: devices: expected a list of devices (- name: ...), got %3")
                       .arg(path)
                       .arg(lineOf(node))
                       .arg(got(node));
        return;
    }
    QSet<QString> taken;  // names and aliases, lowercase: one phrase names one device
    int index = 0;
    for (const YAML::Node& entry : node) {
        const QString prefix = QStringLiteral("devices[%1].").arg(index++);
        DeviceConfig d;
        d.where = path + QLatin1Char(':') + QString::number(lineOf(entry));
        std::optional<Reject> r;
        try {
            r = parseEntry(entry, d, prefix, warnings, path);
        } catch (const std::exception& e) {
            r = Reject{entry, QString(), QString::fromUtf8(e.what())};
        }
        if (!r) {
            for (const QString& n : QStringList{d.name} + d.aliases) {
                if (taken.contains(n.toLower())) {
                    r = Reject{entry, n == d.name ? QStringLiteral("name") : QStringLiteral("aliases"),
                               QStringLiteral("'%1' already names another device").arg(n)};
                    break;
                }
            }
        }
        if (r) {
            const QString skipped = d.name.isEmpty() ? QStringLiteral("entry skipped")
                                                     : QStringLiteral("device '%1' skipped").arg(d.name);
            *errors << QStringLiteral("%1:%2: %3%4: %5 (%6)")
                           .arg(path)
                           .arg(lineOf(r->node))
                           .arg(r->key.isEmpty() ? prefix.chopped(1) : prefix, r->key, r->message, skipped);
            continue;
        }
        for (const QString& n : QStringList{d.name} + d.aliases) taken.insert(n.toLower());
        *devices << d;
    }
}

}  // namespace config_detail
}  // namespace peregrine
