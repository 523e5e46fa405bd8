#include "tools/note_tools.h"

#include <QJsonArray>

#include "tools/timer_tools.h"
#include "tools/tool_json.h"

namespace peregrine::tools {

namespace {
ToolResult noStore(const ToolContext& c) {
    const QString why = c.store ? c.store->lastError() : QStringLiteral("no database");
    return errorResult(QStringLiteral("I can't reach the notes: %1.").arg(why));
}

QJsonObject noteJson(const NoteRecord& n) {
    return {{"id", n.id}, {"created_at", n.createdAt.toString(Qt::ISODate)}, {"text", n.text}};
}

// Local midnight of now, in UTC.
QDateTime startOfToday(const QDateTime& now) {
    return now.toLocalTime().date().startOfDay().toUTC();
}
}  // namespace

QString AddNoteTool::description() const {
    return QStringLiteral("Stores a short note the driver dictates, with the time.");
}

QJsonObject AddNoteTool::parameters() const {
    return objectSchema({{"text", stringSchema(500, QStringLiteral("the note"))}}, {"text"});
}

ToolResult AddNoteTool::invoke(const QJsonObject& args) {
    NoteRecord n;
    n.text = args.value("text").toString().simplified();
    if (n.text.isEmpty()) return errorResult(QStringLiteral("What should I note?"));
    if (!m_context.store) return noStore(m_context);
    n.createdAt = m_context.clock();
    n.id = m_context.store->addNote(n);
    if (n.id <= 0) return noStore(m_context);
    return okResult(QStringLiteral("Noted: %1.").arg(n.text), noteJson(n));
}

QString ReadNotesTool::description() const {
    return QStringLiteral("Reads back the driver's notes: today's, all, or the last few.");
}

QJsonObject ReadNotesTool::parameters() const {
    return objectSchema(
        {{"range", enumSchema({"today", "all", "last"})}, {"count", numberSchema("integer", 1, 50)}});
}

ToolResult ReadNotesTool::invoke(const QJsonObject& args) {
    if (!m_context.store) return noStore(m_context);
    const QString range = args.value("range").toString(QStringLiteral("today"));
    const int count = std::clamp(args.value("count").toInt(range == QLatin1String("last") ? 1 : 10), 1, 50);
    const QDateTime now = m_context.clock();
    const QDateTime since = range == QLatin1String("today") ? startOfToday(now) : QDateTime();
    const QList<NoteRecord> notes = m_context.store->notes(since, count);
    if (!m_context.store->lastError().isEmpty()) return noStore(m_context);
    QJsonArray list;
    QStringList spoken;
    // Oldest first when read aloud (the order they were noted).
    for (auto it = notes.crbegin(); it != notes.crend(); ++it) {
        list.append(noteJson(*it));
        const bool today = it->createdAt >= startOfToday(now);
        spoken << QStringLiteral("%1 %2: %3.")
                      .arg(today ? QStringLiteral("At") : it->createdAt.toLocalTime().toString("d MMMM 'at'"),
                           spokenTime(it->createdAt), it->text);
    }
    const QString from = range == QLatin1String("today") ? QStringLiteral(" from today") : QString();
    QString say;
    if (notes.isEmpty())
        say = QStringLiteral("You have no notes%1.").arg(from);
    else if (notes.size() == 1)
        say = QStringLiteral("One note%1. %2").arg(from, spoken.first());
    else
        say = QStringLiteral("%1 notes%2. %3").arg(notes.size()).arg(from, spoken.join(QLatin1Char(' ')));
    return okResult(say, {{"notes", list}});
}

QString DeleteNoteTool::description() const {
    return QStringLiteral("Deletes a note (the newest unless an id is given), after the driver confirms.");
}

QJsonObject DeleteNoteTool::parameters() const {
    return objectSchema({{"id", numberSchema("integer", 1, 1e9)}});
}

std::optional<NoteRecord> DeleteNoteTool::target(const QJsonObject& args) const {
    if (!m_context.store) return std::nullopt;
    const qint64 id = args.value("id").toInteger(0);
    const QList<NoteRecord> notes = m_context.store->notes({}, id > 0 ? 100000 : 1);
    for (const NoteRecord& n : notes)
        if (id <= 0 || n.id == id) return n;
    return std::nullopt;
}

bool DeleteNoteTool::needsConfirmation(const QJsonObject& arguments) const {
    Q_UNUSED(arguments);
    return true;  // a deleted note cannot be brought back
}

QString DeleteNoteTool::confirmationPrompt(const QJsonObject& arguments) const {
    const auto note = target(arguments);
    return note ? QStringLiteral("Delete the note \"%1\"?").arg(note->text) : QString();
}

ToolResult DeleteNoteTool::invoke(const QJsonObject& args) {
    if (!m_context.store) return noStore(m_context);
    const auto note = target(args);
    if (!note) {
        if (!m_context.store->lastError().isEmpty()) return noStore(m_context);
        return errorResult(QStringLiteral("There is no such note."));
    }
    if (!m_context.store->deleteNote(note->id)) return noStore(m_context);
    return okResult(QStringLiteral("Deleted the note: %1.").arg(note->text), noteJson(*note));
}

}  // namespace peregrine::tools
