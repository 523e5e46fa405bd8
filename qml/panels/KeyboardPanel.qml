import QtQuick
import QtQuick.VirtualKeyboard

// The on-screen keyboard (kiosk mode only; loaded by Main.qml over the whole window): slides up from the
// bottom edge while a text field has focus. keyboardHeight tells the page how much room to leave.
Item {
    id: root
    readonly property real keyboardHeight: input.active ? input.height : 0

    InputPanel {
        id: input
        objectName: "inputPanel"
        width: root.width
        y: active ? root.height - height : root.height
        Behavior on y { NumberAnimation { duration: 150 } }
    }
}
