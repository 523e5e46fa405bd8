#include "lists/conversation_list_model.h"

#include <QLocale>

namespace peregrine {

ConversationListModel::ConversationListModel(QObject* parent) : QAbstractListModel(parent) {}

int ConversationListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const ConversationRecord& c = m_rows.at(index.row());
    switch (role) {
        case Qt::DisplayRole:
        case TitleRole:
            return c.title.isEmpty() ? QStringLiteral("Conversation") : c.title;
        case IdRole:
            return c.id;
        case SubtitleRole: {
            const QString when = whenText(c.updatedAt.toLocalTime(), QDateTime::currentDateTime());
            const QString n = c.messageCount == 1 ? QStringLiteral("1 message")
                                                  : QStringLiteral("%1 messages").arg(c.messageCount);
            return when.isEmpty() ? n : when + QStringLiteral(" · ") + n;
        }
        case UpdatedAtRole:
            return c.updatedAt;
        case ModelRole:
            return c.model;
        case MessageCountRole:
            return c.messageCount;
        case CurrentRole:
            return c.id == m_currentId;
        default:
            return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const {
    return {{IdRole, "conversationId"},   {TitleRole, "title"},     {SubtitleRole, "subtitle"},
            {UpdatedAtRole, "updatedAt"}, {ModelRole, "modelName"}, {MessageCountRole, "messageCount"},
            {CurrentRole, "current"}};
}

void ConversationListModel::setConversations(const QList<ConversationRecord>& conversations) {
    beginResetModel();
    m_rows = conversations;
    endResetModel();
    emit countChanged();
}

void ConversationListModel::setCurrentId(qint64 id) {
    if (m_currentId == id) return;
    m_currentId = id;
    if (!m_rows.isEmpty()) emit dataChanged(index(0), index(rowCount() - 1), {CurrentRole});
    emit currentIdChanged();
}

int ConversationListModel::rowOf(qint64 id) const {
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].id == id) return i;
    return -1;
}

void ConversationListModel::upsertFirst(const ConversationRecord& record) {
    const int row = rowOf(record.id);
    if (row == 0) {
        m_rows[0] = record;
        emit dataChanged(index(0), index(0));
        return;
    }
    if (row > 0) {
        beginMoveRows({}, row, row, {}, 0);
        m_rows.move(row, 0);
        endMoveRows();
        m_rows[0] = record;
        emit dataChanged(index(0), index(0));
        return;
    }
    beginInsertRows({}, 0, 0);
    m_rows.prepend(record);
    endInsertRows();
    emit countChanged();
}

void ConversationListModel::replaceId(qint64 oldId, qint64 newId) {
    const int row = rowOf(oldId);
    if (row >= 0) {
        m_rows[row].id = newId;
        emit dataChanged(index(row), index(row), {IdRole, CurrentRole});
    }
    if (m_currentId == oldId) setCurrentId(newId);
}

QString ConversationListModel::whenText(const QDateTime& when, const QDateTime& now) {
    if (!when.isValid()) return {};
    const QLocale c = QLocale::c();
    const QString time = c.toString(when.time(), QStringLiteral("HH:mm"));
    const qint64 days = when.date().daysTo(now.date());
    if (days == 0) return QStringLiteral("Today ") + time;
    if (days == 1) return QStringLiteral("Yesterday ") + time;
    return c.toString(when, QStringLiteral("ddd d MMM HH:mm"));
}

}  // namespace peregrine
