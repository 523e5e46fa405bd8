import QtQuick
import QtQuick.Layouts
import Peregrine

// The timer / reminder banner over the pages: StatusController.alertText (a timer that fired, one missed
// while the app was off), large enough to read at a glance, until the driver taps "OK" (the loudspeaker has
// said it already).
Rectangle {
    id: banner

    required property StatusController status

    visible: status.alertText.length > 0
    implicitHeight: row.implicitHeight + 2 * Theme.padding
    radius: Theme.radius
    color: Theme.accent

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: Theme.padding
        spacing: Theme.padding

        Text {
            objectName: "alertText"
            Layout.fillWidth: true
            text: banner.status.alertText
            wrapMode: Text.WordWrap
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
            font.bold: true
            color: Theme.accentText
        }
        TouchButton {
            objectName: "alertDismiss"
            text: qsTr("OK")
            kind: "plain"
            onClicked: banner.status.dismissAlert()
        }
    }
}
