import QtQuick
import QtQuick.Layouts
import Peregrine

// Page switcher on the left edge. In kiosk mode a lock at the bottom leaves the kiosk after a long press
// (exitHoldMs) and the PIN.
Rectangle {
    id: rail

    property int currentIndex: 0
    property bool kiosk: false
    property int exitHoldMs: 3000
    signal exitRequested()

    implicitWidth: Theme.railWidth
    color: Theme.surfaceAlt

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing

        Repeater {
            model: [
                { icon: "chat", name: qsTr("Conversation") },
                { icon: "settings", name: qsTr("Settings") },
                { icon: "chart", name: qsTr("Benchmarks") }
            ]
            TouchButton {
                required property var modelData
                required property int index
                objectName: "nav" + index
                Layout.fillWidth: true
                kind: "nav"
                iconName: modelData.icon
                Accessible.name: modelData.name
                checkable: true
                checked: rail.currentIndex === index
                onClicked: rail.currentIndex = index
            }
        }
        Item { Layout.fillHeight: true }
        TouchButton {
            id: lock
            objectName: "kioskExit"
            visible: rail.kiosk
            Layout.fillWidth: true
            kind: "flat"
            iconName: "lock"
            Accessible.name: qsTr("Leave kiosk mode (hold)")
            onPressedChanged: pressed ? holdTimer.restart() : holdTimer.stop()
            Timer {
                id: holdTimer
                interval: rail.exitHoldMs
                onTriggered: rail.exitRequested()
            }
        }
    }
}
