// Internal to app/config: the "devices" list of a YAML layer into DeviceConfig entries.
#pragma once

#include <yaml-cpp/yaml.h>

#include <QList>
#include <QString>
#include <QStringList>

#include "config/vehicle_config.h"

namespace peregrine::config_detail {

// Parses the value of "devices:" in file path. Every valid entry goes to *devices (file order); an invalid
// entry is skipped with one error "FILE:LINE: devices[N].KEY: expected ..., got ... (device 'NAME'
// skipped)" and the others are kept. Unknown keys inside an entry are warnings. Never throws.
void parseDevices(const QString& path, const YAML::Node& node, QList<DeviceConfig>* devices,
                  QStringList* errors, QStringList* warnings);

// "0x1A0", "1a0", "18FEF100" -> the identifier; false for text that is not hex or above 29 bits.
bool parseCanId(const QString& text, quint32* id);
// "01 FF", "01FF", "01:ff", "0x01 0xFF" -> the bytes (at most 8); false on odd digits or non-hex text.
bool parseHexBytes(const QString& text, QByteArray* bytes);

}  // namespace peregrine::config_detail
