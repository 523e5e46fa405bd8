// MessageListModel: the messages of the open conversation, shown as bubbles. The last assistant row grows
// while an answer streams (appendText emits dataChanged for the text role only, at most once per coalesced
// token batch). Thread: UI thread only.
#pragma once

#include <QAbstractListModel>
#include <QList>

#include "storage/records.h"

namespace peregrine {

class MessageListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        RoleRole,  // "user", "assistant"
        TextRole,
        StreamingRole,  // true while the answer is being generated
        StatsRole,      // "TTFT 140 ms · 31.2 tok/s · 64 tokens" for finished assistant messages
        StopReasonRole,
        TtftMsRole,
        DecodeTokPerSecRole,
        RouteRole,      // MessageRecord::route: "deep think" or "" (the local model)
        BadgeRole,      // "Deep think · <model>" on a deep-think answer, else ""
        ToolCallsRole,  // MessageRecord::toolCalls: the JSON array of the answer's tool calls, "" = none
        ToolLineRole,   // the same as lines: "set_timer(minutes: 5) → Timer set for 5 minutes."
    };
    Q_ENUM(Role)

    explicit MessageListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setMessages(const QList<MessageRecord>& messages);
    void clear();
    int append(const MessageRecord& message, bool streaming = false);  // returns the new row
    void appendText(int row, const QString& text);
    void update(int row, const MessageRecord& message, bool streaming);
    const MessageRecord& at(int row) const { return m_rows.at(row).record; }
    bool isStreaming(int row) const { return m_rows.at(row).streaming; }

    static QString statsText(const MessageRecord& message);
    static QString badgeText(const MessageRecord& message);

signals:
    void countChanged();

private:
    struct Row {
        MessageRecord record;
        bool streaming = false;
    };
    QList<Row> m_rows;
};

// An answer's tool calls (MessageRecord::toolCalls) as the lines under its bubble, one per call:
// "set_timer(minutes: 5) → Timer set for 5 minutes."; a malformed call: "malformed tool call: <why>".
QString toolCallsText(const QString& toolCallsJson);

}  // namespace peregrine
