import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Peregrine

// Kiosk exit: a PIN pad with glove-size keys. accepted() when check(pin) returns true.
Popup {
    id: pad

    property var check: function(pin) { return false }
    property string pin: ""
    property bool wrong: false

    modal: true
    x: parent ? Math.round((parent.width - width) / 2) : 0
    y: parent ? Math.round((parent.height - height) / 2) : 0
    padding: Theme.padding * 1.5
    onOpened: { pin = ""; wrong = false }
    background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.border }

    ColumnLayout {
        spacing: Theme.spacing
        Text {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: pad.wrong ? qsTr("Wrong PIN") : qsTr("PIN to leave kiosk mode")
            color: pad.wrong ? Theme.danger : Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
        }
        Text {
            objectName: "pinDots"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: "•".repeat(pad.pin.length) || " "
            color: Theme.text
            font.pixelSize: Theme.fontTitle
        }
        GridLayout {
            columns: 3
            rowSpacing: Theme.spacing
            columnSpacing: Theme.spacing
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
                TouchButton {
                    required property string modelData
                    objectName: "pinKey_" + modelData
                    Layout.preferredWidth: Theme.touchTarget * 1.3
                    text: modelData
                    kind: modelData === "OK" ? "primary" : "plain"
                    onClicked: {
                        if (modelData === "⌫") {
                            pad.pin = pad.pin.slice(0, -1)
                        } else if (modelData === "OK") {
                            if (pad.check(pad.pin)) pad.close()
                            else { pad.wrong = true; pad.pin = "" }
                        } else if (pad.pin.length < 8) {
                            pad.pin += modelData
                            pad.wrong = false
                        }
                    }
                }
            }
        }
    }
}
