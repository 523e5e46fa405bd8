// Notes as tools: add_note, read_notes (today / all / the last N), delete_note (asks for a spoken
// confirmation first, then says what it deleted). Rows live in the notes table (ToolStore).
// Thread: invoke() and confirmationPrompt() on the tools thread; one SQLite statement each.
#pragma once

#include "tools/tool.h"
#include "tools/tool_store.h"

namespace peregrine::tools {

class AddNoteTool : public ContextTool {
public:
    using ContextTool::ContextTool;
    QString name() const override { return QStringLiteral("add_note"); }
    QString description() const override;
    QJsonObject parameters() const override;
    ToolResult invoke(const QJsonObject& arguments) override;
};

class ReadNotesTool : public ContextTool {
public:
    using ContextTool::ContextTool;
    QString name() const override { return QStringLiteral("read_notes"); }
    QString description() const override;
    QJsonObject parameters() const override;
    ToolResult invoke(const QJsonObject& arguments) override;
};

class DeleteNoteTool : public ContextTool {
public:
    using ContextTool::ContextTool;
    QString name() const override { return QStringLiteral("delete_note"); }
    QString description() const override;
    QJsonObject parameters() const override;
    bool needsConfirmation(const QJsonObject& arguments) const override;
    QString confirmationPrompt(const QJsonObject& arguments) const override;
    ToolResult invoke(const QJsonObject& arguments) override;

private:
    std::optional<NoteRecord> target(const QJsonObject& arguments) const;  // the id given, else the newest
};

}  // namespace peregrine::tools
