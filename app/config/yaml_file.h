// Internal to app/config: reading a YAML file with errors as messages, and converting nodes to
// ConfigRawValue.
#pragma once

#include <yaml-cpp/yaml.h>

#include <QString>

#include "config/config_schema.h"

namespace peregrine::config_detail {

// Reads and parses path. On failure returns false and *error is "FILE: cannot read (...)" or
// "FILE:LINE: YAML syntax error: ...". An empty file gives a Null root. Never throws.
bool readYamlFile(const QString& path, YAML::Node* root, QString* error);

// The node as a raw value (scalars as text, lists of scalars as items). Never throws.
ConfigRawValue rawValue(const YAML::Node& node);

// 1-based line of a node ("0" when yaml-cpp has no position, e.g. for a created node).
int lineOf(const YAML::Node& node);

}  // namespace peregrine::config_detail
