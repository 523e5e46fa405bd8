import QtQuick
import QtQuick.Layouts
import Peregrine

// A labelled setting: title and hint on the left, the control (default property) on the right; wraps the
// control under the label when narrow.
GridLayout {
    id: row

    property string title
    property string hint
    default property alias control: holder.data

    columns: width > Theme.touchTarget * 9 ? 2 : 1
    columnSpacing: Theme.padding
    rowSpacing: Theme.spacing / 2

    ColumnLayout {
        Layout.fillWidth: true
        spacing: 2
        Text {
            Layout.fillWidth: true
            text: row.title
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontBody
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Text {
            Layout.fillWidth: true
            visible: row.hint.length > 0
            text: row.hint
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }
    }
    Item {
        id: holder
        Layout.alignment: Qt.AlignRight | Qt.AlignVCenter
        implicitWidth: childrenRect.width
        implicitHeight: childrenRect.height
    }
}
