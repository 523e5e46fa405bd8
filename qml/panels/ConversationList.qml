import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Peregrine

// Past conversations, most recent first; tap one to reopen it.
Rectangle {
    id: panel

    required property ConversationController conversation
    signal opened()

    color: Theme.surfaceAlt

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing

        Text {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacing
            text: qsTr("Past conversations")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: Theme.text
        }

        ListView {
            id: list
            objectName: "conversationList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.spacing / 2
            model: panel.conversation.conversations
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar { width: Theme.spacing * 1.5 }

            delegate: AbstractButton {
                id: row
                required property var conversationId
                required property string title
                required property string subtitle
                required property bool current
                objectName: "conversation_" + conversationId
                width: ListView.view.width
                implicitHeight: Math.max(Theme.touchTarget * 1.2, content.implicitHeight + 2 * Theme.spacing)
                onClicked: {
                    panel.conversation.openConversation(conversationId)
                    panel.opened()
                }
                background: Rectangle {
                    radius: Theme.radius
                    color: row.current ? Theme.surface : (row.down ? Theme.border : "transparent")
                    border.width: row.current ? 2 : 0
                    border.color: Theme.accent
                }
                contentItem: ColumnLayout {
                    id: content
                    spacing: 2
                    Text {
                        Layout.fillWidth: true
                        Layout.leftMargin: Theme.spacing
                        text: row.title
                        elide: Text.ElideRight
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.fontBody
                        color: Theme.text
                    }
                    Text {
                        Layout.fillWidth: true
                        Layout.leftMargin: Theme.spacing
                        text: row.subtitle
                        elide: Text.ElideRight
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.fontSmall
                        color: Theme.textMuted
                    }
                }
            }

            Text {
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.padding
                visible: list.count === 0
                text: qsTr("Nothing yet. Your conversations are kept here.")
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
            }
        }
    }
}
