// ToolRegistry: the tools and direct commands of one app or CLI run. Filled once at start (from config and
// services), then only read: find()/tools()/matchCommand() are safe from any thread after that.
// Owns its tools and commands.
#pragma once

#include <QList>
#include <memory>
#include <vector>

#include "tools/tool.h"

namespace peregrine::tools {

class ToolRegistry {
public:
    // False (and the tool dropped) when a tool of that name is already registered.
    bool addTool(std::unique_ptr<Tool> tool);
    void addCommand(std::unique_ptr<DirectCommand> command);

    Tool* find(const QString& name) const;  // null when unknown
    QList<Tool*> tools() const;             // in registration order
    // The first command (in registration order) that recognises transcript, if any.
    std::optional<ToolCall> matchCommand(const QString& transcript) const;
    bool isEmpty() const { return m_tools.empty(); }

private:
    std::vector<std::unique_ptr<Tool>> m_tools;
    std::vector<std::unique_ptr<DirectCommand>> m_commands;
};

}  // namespace peregrine::tools
