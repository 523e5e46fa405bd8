#include "lists/message_list_model.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace peregrine {

MessageListModel::MessageListModel(QObject* parent) : QAbstractListModel(parent) {}

int MessageListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& row = m_rows.at(index.row());
    const MessageRecord& m = row.record;
    switch (role) {
        case Qt::DisplayRole:
        case TextRole:
            return m.text;
        case IdRole:
            return m.id;
        case RoleRole:
            return m.role;
        case StreamingRole:
            return row.streaming;
        case StatsRole:
            return row.streaming ? QString() : statsText(m);
        case StopReasonRole:
            return stopReasonName(m.stopReason);  // the stored word ("eog", "cancelled", ...)
        case TtftMsRole:
            return m.ttftMs ? QVariant(*m.ttftMs) : QVariant();
        case DecodeTokPerSecRole:
            return m.decodeTokPerSec ? QVariant(*m.decodeTokPerSec) : QVariant();
        case RouteRole:
            return m.route;
        case BadgeRole:
            return badgeText(m);
        case ToolCallsRole:
            return m.toolCalls;
        case ToolLineRole:
            return toolCallsText(m.toolCalls);
        default:
            return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const {
    return {{IdRole, "messageId"},        {RoleRole, "role"},
            {TextRole, "text"},           {StreamingRole, "streaming"},
            {StatsRole, "stats"},         {StopReasonRole, "stopReason"},
            {TtftMsRole, "ttftMs"},       {DecodeTokPerSecRole, "decodeTokPerSec"},
            {RouteRole, "route"},         {BadgeRole, "badge"},
            {ToolCallsRole, "toolCalls"}, {ToolLineRole, "toolLine"}};
}

void MessageListModel::setMessages(const QList<MessageRecord>& messages) {
    beginResetModel();
    m_rows.clear();
    for (const auto& m : messages) m_rows.append({m, false});
    endResetModel();
    emit countChanged();
}

void MessageListModel::clear() {
    setMessages({});
}

int MessageListModel::append(const MessageRecord& message, bool streaming) {
    const int row = static_cast<int>(m_rows.size());
    beginInsertRows(QModelIndex(), row, row);
    m_rows.append({message, streaming});
    endInsertRows();
    emit countChanged();
    return row;
}

void MessageListModel::appendText(int row, const QString& text) {
    if (row < 0 || row >= m_rows.size() || text.isEmpty()) return;
    m_rows[row].record.text += text;
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {TextRole, Qt::DisplayRole});
}

void MessageListModel::update(int row, const MessageRecord& message, bool streaming) {
    if (row < 0 || row >= m_rows.size()) return;
    m_rows[row] = {message, streaming};
    const QModelIndex i = index(row);
    emit dataChanged(i, i);
}

QString MessageListModel::badgeText(const MessageRecord& m) {
    if (m.role != QLatin1String("assistant") || m.route != QLatin1String(kDeepThinkRoute)) return {};
    if (m.model.isEmpty()) return tr("Deep think");
    return tr("Deep think · %1").arg(m.model);
}

QString MessageListModel::statsText(const MessageRecord& m) {
    if (m.role != QLatin1String("assistant")) return {};
    QStringList parts;
    if (m.ttftMs) parts << QStringLiteral("first token %1 ms").arg(qRound(*m.ttftMs));
    if (m.decodeTokPerSec && *m.decodeTokPerSec > 0)
        parts << QStringLiteral("%1 tok/s").arg(*m.decodeTokPerSec, 0, 'f', 1);
    if (m.generatedTokens) parts << QStringLiteral("%1 tokens").arg(*m.generatedTokens);
    switch (m.stopReason) {
        case StopReason::Cancelled:
            parts << QStringLiteral("stopped");
            break;
        case StopReason::Error:
            parts << QStringLiteral("failed");
            break;
        case StopReason::Length:
            parts << QStringLiteral("max length");
            break;
        case StopReason::None:
        case StopReason::EndOfText:
        case StopReason::Context:
        case StopReason::ContentFilter:
        case StopReason::Tool:
        case StopReason::Unknown:
            break;
    }
    return parts.join(QStringLiteral(" · "));
}

QString toolCallsText(const QString& toolCallsJson) {
    if (toolCallsJson.isEmpty()) return {};
    QStringList lines;
    const QJsonArray calls = QJsonDocument::fromJson(toolCallsJson.toUtf8()).array();
    for (const QJsonValue& v : calls) {
        const QJsonObject c = v.toObject();
        if (c.contains(QStringLiteral("error"))) {
            lines << MessageListModel::tr("malformed tool call: %1")
                         .arg(c.value(QStringLiteral("error")).toString());
            continue;
        }
        QStringList args;
        const QJsonObject a = c.value(QStringLiteral("arguments")).toObject();
        for (auto it = a.begin(); it != a.end(); ++it) {
            const QJsonValue x = it.value();
            const QString text =
                x.isString() ? x.toString()
                : x.isBool() ? (x.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                : x.isDouble()
                    ? QString::number(x.toDouble())
                    : QString::fromUtf8(QJsonDocument(x.toObject()).toJson(QJsonDocument::Compact));
            args << it.key() + QStringLiteral(": ") + text;
        }
        const QString say = c.value(QStringLiteral("say")).toString();
        lines << QStringLiteral("%1(%2) → %3")
                     .arg(c.value(QStringLiteral("name")).toString(), args.join(QStringLiteral(", ")),
                          say.isEmpty()
                              ? (c.value(QStringLiteral("ok")).toBool() ? MessageListModel::tr("done")
                                                                        : MessageListModel::tr("failed"))
                              : say);
    }
    return lines.join(QLatin1Char('\n'));
}

}  // namespace peregrine
