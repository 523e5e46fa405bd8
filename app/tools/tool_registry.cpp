#include "tools/tool_registry.h"

namespace peregrine::tools {

bool ToolRegistry::addTool(std::unique_ptr<Tool> tool) {
    if (!tool || find(tool->name())) return false;
    m_tools.push_back(std::move(tool));
    return true;
}

void ToolRegistry::addCommand(std::unique_ptr<DirectCommand> command) {
    if (command) m_commands.push_back(std::move(command));
}

Tool* ToolRegistry::find(const QString& name) const {
    for (const auto& tool : m_tools)
        if (tool->name() == name) return tool.get();
    return nullptr;
}

QList<Tool*> ToolRegistry::tools() const {
    QList<Tool*> out;
    out.reserve(static_cast<qsizetype>(m_tools.size()));
    for (const auto& tool : m_tools) out.append(tool.get());
    return out;
}

std::optional<ToolCall> ToolRegistry::matchCommand(const QString& transcript) const {
    for (const auto& command : m_commands)
        if (auto call = command->match(transcript)) return call;
    return std::nullopt;
}

}  // namespace peregrine::tools
