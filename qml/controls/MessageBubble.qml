import QtQuick
import Peregrine

// One message: user bubbles on the right in the accent colour, answers on the left. While an answer
// streams, a cursor blinks at its end; when it is done, its timings show under it. An answer from the
// deep-think endpoint carries a badge above it ("Deep think · <model>", MessageListModel's badge role). An
// answer that called tools shows each call and its result in a small "tool" line under it (toolLine role).
Item {
    id: bubble

    required property string role
    required property string text
    required property bool streaming
    required property string stats
    required property string badge
    required property string toolLine
    property real maxBubbleWidth: width * 0.82

    readonly property bool fromUser: role === "user"

    implicitHeight: (badgeBox.visible ? badgeBox.height + Theme.spacing / 2 : 0) + box.height
                    + (toolText.visible ? toolText.height + Theme.spacing / 2 : 0)
                    + (statsText.visible ? statsText.height + Theme.spacing / 2 : 0) + Theme.spacing

    // Where the answer came from: legible at arm's length (the small font, bold, on the accent colour).
    Rectangle {
        id: badgeBox
        objectName: "deepThinkBadge"
        visible: !bubble.fromUser && bubble.badge.length > 0
        anchors.left: parent.left
        width: Math.min(badgeText.implicitWidth + 2 * Theme.spacing, bubble.maxBubbleWidth)
        height: visible ? badgeText.implicitHeight + Theme.spacing : 0
        radius: height / 2
        color: Theme.accent
        Text {
            id: badgeText
            objectName: "deepThinkBadgeText"
            anchors.centerIn: parent
            width: parent.width - 2 * Theme.spacing
            horizontalAlignment: Text.AlignHCenter
            elide: Text.ElideRight
            text: bubble.badge
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontSmall
            font.bold: true
            color: Theme.accentText
        }
    }

    Rectangle {
        id: box
        anchors.top: badgeBox.visible ? badgeBox.bottom : parent.top
        anchors.topMargin: badgeBox.visible ? Theme.spacing / 2 : 0
        anchors.right: bubble.fromUser ? parent.right : undefined
        anchors.left: bubble.fromUser ? undefined : parent.left
        width: Math.min(bubble.maxBubbleWidth, body.implicitWidth + 2 * Theme.padding)
        height: body.height + 2 * Theme.padding
        radius: Theme.radius
        color: bubble.fromUser ? Theme.userBubble : Theme.assistantBubble
        border.width: bubble.fromUser ? 0 : 1
        border.color: Theme.border

        Text {
            id: body
            x: Theme.padding
            y: Theme.padding
            width: Math.min(implicitWidth, bubble.maxBubbleWidth - 2 * Theme.padding)
            text: bubble.text.length > 0 || !bubble.streaming ? bubble.text + (bubble.streaming ? " ▍" : "") : "…"
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
            lineHeight: 1.1
            color: bubble.fromUser ? Theme.userBubbleText : Theme.assistantBubbleText
        }
    }

    Text {
        id: toolText
        objectName: "toolLine"
        visible: !bubble.fromUser && bubble.toolLine.length > 0
        anchors.top: box.bottom
        anchors.topMargin: Theme.spacing / 2
        anchors.left: box.left
        anchors.leftMargin: Theme.spacing
        width: bubble.maxBubbleWidth - Theme.spacing
        text: qsTr("tool: %1").arg(bubble.toolLine)
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontSmall
        color: Theme.textMuted
    }

    Text {
        id: statsText
        visible: !bubble.fromUser && !bubble.streaming && bubble.stats.length > 0
        anchors.top: toolText.visible ? toolText.bottom : box.bottom
        anchors.topMargin: Theme.spacing / 2
        anchors.left: box.left
        anchors.leftMargin: Theme.spacing
        text: bubble.stats
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontSmall
        color: Theme.textMuted
    }
}
