import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Controls.impl
import Peregrine

// The big push-to-talk button. While voice is not available it is drawn disabled with the reason beside it.
AbstractButton {
    id: control

    property bool available: false
    property string reason: ""
    property bool showReasonText: true
    property bool listening: false  // drawn as active while a voice turn listens
    readonly property bool showReason: !available && reason.length > 0 && showReasonText

    // Stays tappable while unavailable: a tap shows why (the reason may not fit beside it on small screens).
    signal talkRequested()
    onClicked: available ? talkRequested() : hint.show(reason, 4000)
    implicitHeight: Theme.talkButtonSize
    implicitWidth: showReason ? Theme.talkButtonSize + reasonText.implicitWidth + Theme.padding * 2
                              : Theme.talkButtonSize
    Accessible.name: available ? qsTr("Talk") : qsTr("Talk (unavailable: %1)").arg(reason)

    contentItem: Item {
        Rectangle {
            id: circle
            width: Theme.talkButtonSize
            height: width
            radius: width / 2
            color: control.available ? (control.down || control.listening ? Qt.darker(Theme.accent, 1.25)
                                                                          : Theme.accent)
                                     : Theme.disabled
            border.width: control.listening ? 3 : 0
            border.color: Theme.accentText
            IconImage {
                anchors.centerIn: parent
                source: "qrc:/icons/mic.svg"
                sourceSize: Qt.size(width, height)
                width: Math.round(parent.width * 0.5)
                height: width
                color: control.available ? Theme.accentText : Theme.disabledText
            }
        }
        Text {
            id: reasonText
            visible: control.showReason
            anchors.left: circle.right
            anchors.leftMargin: Theme.spacing
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            text: control.reason
            width: Math.min(implicitWidth, Theme.talkButtonSize * 2.2)
            wrapMode: Text.WordWrap
            maximumLineCount: 3
            elide: Text.ElideRight
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
        }
    }
    background: null

    ToolTip {
        id: hint
        objectName: "talkHint"
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontBody
        y: -height - Theme.spacing
    }
}
