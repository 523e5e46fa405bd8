import QtQuick
import QtQuick.Layouts
import Peregrine

// Shown instead of the conversation when no model is loaded: where to put a GGUF file and which models fit,
// or why the chosen model did not load.
Rectangle {
    id: panel

    property string modelsDir
    property string recommended
    property string loadError
    property var missingDirs: []
    property bool hasModels: false
    signal rescan()
    signal openSettings()

    color: Theme.surface
    radius: Theme.radius
    border.color: Theme.border
    implicitHeight: column.implicitHeight + 2 * Theme.padding * 2

    Flickable {
        anchors.fill: parent
        anchors.margins: Theme.padding * 2
        contentHeight: column.implicitHeight
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        ColumnLayout {
            id: column
            width: parent.width
            spacing: Theme.padding

            Text {
                Layout.fillWidth: true
                text: panel.loadError.length > 0 ? qsTr("The model did not load")
                                                 : panel.hasModels ? qsTr("Choose a model")
                                                                   : qsTr("No model installed")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            Text {
                objectName: "loadError"
                Layout.fillWidth: true
                visible: panel.loadError.length > 0
                text: panel.loadError
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                color: Theme.danger
                wrapMode: Text.WrapAnywhere
            }
            Text {
                objectName: "missingModelsDir"
                Layout.fillWidth: true
                visible: panel.missingDirs.length > 0
                text: qsTr("The models folder %1 does not exist: create it first.").arg(panel.missingDirs.join(", "))
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                color: Theme.danger
                wrapMode: Text.WrapAnywhere
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("Copy a GGUF model file into this folder:")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            Rectangle {
                Layout.fillWidth: true
                implicitHeight: dirText.implicitHeight + 2 * Theme.spacing
                radius: Theme.radius / 2
                color: Theme.surfaceAlt
                Text {
                    id: dirText
                    objectName: "modelsDir"
                    anchors.fill: parent
                    anchors.margins: Theme.spacing
                    text: panel.modelsDir
                    font.family: "DejaVu Sans Mono"
                    font.pixelSize: Theme.fontBody
                    color: Theme.text
                    wrapMode: Text.WrapAnywhere
                }
            }
            Text {
                Layout.fillWidth: true
                text: panel.recommended
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                color: Theme.textMuted
                wrapMode: Text.WordWrap
            }
            RowLayout {
                spacing: Theme.padding
                TouchButton {
                    objectName: "rescanButton"
                    kind: "primary"
                    iconName: "refresh"
                    text: qsTr("Look again")
                    onClicked: panel.rescan()
                }
                TouchButton {
                    objectName: "settingsButton"
                    iconName: "settings"
                    text: qsTr("Models")
                    onClicked: panel.openSettings()
                }
            }
        }
    }
}
