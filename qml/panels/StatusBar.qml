import QtQuick
import QtQuick.Layouts
import QtQuick.Controls.impl
import Peregrine

// Always visible: model, live tok/s (a pulsing dot while an answer streams), last time to first token and
// prompt speed, hottest relevant temperature coloured by level with a throttling marker, memory in use. Below
// it, while the thermal governor has backed off or the clocks are throttled, the ThermalPanel strip.
Rectangle {
    id: bar

    required property StatusController status
    // What fits depends on the text size: memory needs about 62 characters of room, latency about 44.
    readonly property bool wide: width >= Theme.fontStatus * 62
    readonly property bool medium: width >= Theme.fontStatus * 44

    implicitHeight: Theme.statusBarHeight + (governorStrip.visible ? governorStrip.implicitHeight : 0)
    color: Theme.statusBar

    component StatusText: Text {
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontStatus
        color: Theme.statusText
        elide: Text.ElideRight
        verticalAlignment: Text.AlignVCenter
    }

    RowLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: Theme.statusBarHeight
        anchors.leftMargin: Theme.padding
        anchors.rightMargin: Theme.padding
        spacing: Theme.padding * 1.5

        StatusText {
            objectName: "modelName"
            Layout.fillWidth: true
            Layout.minimumWidth: Math.min(implicitWidth, Theme.touchTarget * 2)
            text: bar.status.modelName
            font.bold: true
        }

        Row {
            spacing: Theme.spacing
            Rectangle {
                id: pulse
                objectName: "generatingIndicator"
                anchors.verticalCenter: parent.verticalCenter
                width: Math.round(Theme.fontStatus * 0.6)
                height: width
                radius: width / 2
                color: Theme.accent
                visible: bar.status.generating
                SequentialAnimation on opacity {
                    running: bar.status.generating
                    loops: Animation.Infinite
                    NumberAnimation { from: 1; to: 0.25; duration: 450; easing.type: Easing.InOutQuad }
                    NumberAnimation { from: 0.25; to: 1; duration: 450; easing.type: Easing.InOutQuad }
                }
            }
            StatusText {
                objectName: "speed"
                text: bar.status.speedText
                font.bold: bar.status.generating
            }
        }

        StatusText {
            objectName: "latency"
            visible: bar.medium && text.length > 0
            Layout.fillWidth: true
            Layout.preferredWidth: implicitWidth
            Layout.minimumWidth: 0
            Layout.maximumWidth: implicitWidth
            text: bar.status.latencyText
            color: Qt.darker(Theme.statusText, 1.15)
        }

        Row {
            spacing: Math.round(Theme.spacing / 2)
            IconImage {
                anchors.verticalCenter: parent.verticalCenter
                source: "qrc:/icons/thermometer.svg"
                sourceSize: Qt.size(width, height)
                width: Math.round(Theme.fontStatus * 1.3)
                height: width
                color: Theme.thermalColor(bar.status.thermalLevel)
            }
            StatusText {
                objectName: "temperature"
                text: bar.status.temperatureText
                color: Theme.thermalColor(bar.status.thermalLevel)
                font.bold: bar.status.thermalLevel >= 2
            }
            Rectangle {
                objectName: "throttled"
                visible: bar.status.throttled
                anchors.verticalCenter: parent.verticalCenter
                width: throttleText.implicitWidth + Theme.spacing * 2
                height: throttleText.implicitHeight + 4
                radius: height / 2
                color: Theme.thermalColor(3)
                StatusText {
                    id: throttleText
                    anchors.centerIn: parent
                    text: qsTr("throttled")
                    color: "#000000"
                    font.pixelSize: Math.round(Theme.fontStatus * 0.85)
                    font.bold: true
                }
            }
        }

        StatusText {
            objectName: "npu"
            visible: bar.wide && text.length > 0
            text: bar.status.npuText
        }

        StatusText {
            objectName: "memory"
            visible: bar.wide
            text: bar.status.memoryText
        }
    }

    ThermalPanel {
        id: governorStrip
        objectName: "governorStrip"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: implicitHeight
        status: bar.status
        visible: bar.status.governorLevel > 0 || bar.status.throttled
    }
}
