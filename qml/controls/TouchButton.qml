import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Controls.impl
import Peregrine

// A glove-size button: at least Theme.touchTarget in both directions, icon and/or text.
// kind: "primary" (filled accent), "danger" (filled red), "plain" (surface with border), "flat" (no background).
AbstractButton {
    id: control

    property string iconName: ""
    property string kind: "plain"
    property color foreground: !enabled ? Theme.disabledText
                               : kind === "primary" ? Theme.accentText
                               : kind === "danger" ? Theme.dangerText
                               : kind === "nav" && checked ? Theme.accent
                               : Theme.text

    implicitWidth: Math.max(Theme.touchTarget, implicitContentWidth + leftPadding + rightPadding)
    implicitHeight: Theme.touchTarget
    padding: Theme.spacing
    leftPadding: text.length > 0 ? Theme.padding : Theme.spacing
    rightPadding: leftPadding
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontBody
    focusPolicy: Qt.TabFocus

    Accessible.name: text.length > 0 ? text : iconName

    contentItem: Row {
        spacing: Theme.spacing
        IconImage {
            visible: control.iconName.length > 0
            anchors.verticalCenter: parent.verticalCenter
            source: control.iconName.length > 0 ? "qrc:/icons/" + control.iconName + ".svg" : ""
            sourceSize: Qt.size(width, height)
            width: Math.round(Theme.touchTarget * 0.5)
            height: width
            color: control.foreground
        }
        Text {
            visible: control.text.length > 0
            anchors.verticalCenter: parent.verticalCenter
            text: control.text
            font: control.font
            color: control.foreground
            elide: Text.ElideRight
        }
    }

    background: Rectangle {
        implicitWidth: Theme.touchTarget
        implicitHeight: Theme.touchTarget
        radius: Theme.radius
        visible: control.kind !== "flat" || control.down
        color: {
            if (!control.enabled) return control.kind === "flat" ? "transparent" : Theme.disabled
            if (control.kind === "primary") return control.down ? Qt.darker(Theme.accent, 1.25) : Theme.accent
            if (control.kind === "danger") return control.down ? Qt.darker(Theme.danger, 1.25) : Theme.danger
            if (control.kind === "nav") return control.checked ? Theme.surface : (control.down ? Theme.surfaceAlt : "transparent")
            return control.down ? Theme.surfaceAlt : Theme.surface
        }
        border.width: control.kind === "plain" ? 1 : 0
        border.color: Theme.border
    }
}
