// ConversationListModel: past conversations (most recent first) to reopen. Filled from Database by the
// ConversationController. Thread: UI thread only.
#pragma once

#include <QAbstractListModel>
#include <QList>

#include "storage/records.h"

namespace peregrine {

class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(qint64 currentId READ currentId NOTIFY currentIdChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        SubtitleRole,  // "Today 14:02 · 4 messages"
        UpdatedAtRole,
        ModelRole,
        MessageCountRole,
        CurrentRole,  // the conversation open in the view
    };
    Q_ENUM(Role)

    explicit ConversationListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setConversations(const QList<ConversationRecord>& conversations);
    void setCurrentId(qint64 id);
    // Incremental updates (no reload from the database): puts record first (replacing the row with its id),
    // and renumbers a row whose id was a storage key once the real id is known.
    void upsertFirst(const ConversationRecord& record);
    void replaceId(qint64 oldId, qint64 newId);
    int rowOf(qint64 id) const;
    qint64 currentId() const { return m_currentId; }
    const ConversationRecord& at(int row) const { return m_rows.at(row); }

    // "Today 14:02", "Yesterday 09:15", "Mon 3 Mar 18:40" relative to now.
    static QString whenText(const QDateTime& when, const QDateTime& now);

signals:
    void countChanged();
    void currentIdChanged();

private:
    QList<ConversationRecord> m_rows;
    qint64 m_currentId = 0;
};

}  // namespace peregrine
