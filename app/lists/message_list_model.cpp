#include "lists/message_list_model.h"

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
            return m.stopReason;
        case TtftMsRole:
            return m.ttftMs ? QVariant(*m.ttftMs) : QVariant();
        case DecodeTokPerSecRole:
            return m.decodeTokPerSec ? QVariant(*m.decodeTokPerSec) : QVariant();
        case RouteRole:
            return m.route;
        case BadgeRole:
            return badgeText(m);
        default:
            return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const {
    return {{IdRole, "messageId"},  {RoleRole, "role"},
            {TextRole, "text"},     {StreamingRole, "streaming"},
            {StatsRole, "stats"},   {StopReasonRole, "stopReason"},
            {TtftMsRole, "ttftMs"}, {DecodeTokPerSecRole, "decodeTokPerSec"},
            {RouteRole, "route"},   {BadgeRole, "badge"}};
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
    if (m.stopReason == QLatin1String("cancelled"))
        parts << QStringLiteral("stopped");
    else if (m.stopReason == QLatin1String("error"))
        parts << QStringLiteral("failed");
    else if (m.stopReason == QLatin1String("length"))
        parts << QStringLiteral("max length");
    return parts.join(QStringLiteral(" · "));
}

}  // namespace peregrine
