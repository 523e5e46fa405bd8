// Small helpers the tools use to write their JSON schemas (the subset of tool.h) and results.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include "tools/tool.h"

namespace peregrine::tools {

inline QJsonObject objectSchema(const QJsonObject& properties, const QStringList& required = {}) {
    QJsonObject o{{"type", "object"}, {"properties", properties}};
    if (!required.isEmpty()) o["required"] = QJsonArray::fromStringList(required);
    return o;
}
inline QJsonObject stringSchema(int maxLength, const QString& description = {}) {
    QJsonObject o{{"type", "string"}, {"maxLength", maxLength}};
    if (!description.isEmpty()) o["description"] = description;
    return o;
}
inline QJsonObject enumSchema(const QStringList& values) {
    return {{"type", "string"}, {"enum", QJsonArray::fromStringList(values)}};
}
inline QJsonObject numberSchema(const char* type, double minimum, double maximum) {
    return {{"type", type}, {"minimum", minimum}, {"maximum", maximum}};
}

inline ToolResult okResult(const QString& say, QJsonObject data = {}) {
    return ToolResult{true, say, std::move(data)};
}
inline ToolResult errorResult(const QString& say) {
    return ToolResult{false, say, QJsonObject{{"error", say}}};
}

}  // namespace peregrine::tools
