import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Peregrine

// Settings: the model (from the models folders, with size, quantization, context and memory for each),
// answer settings (threads, context, answer length, temperature) and display (theme, text size).
// Side by side when wide, one column when narrow. Every change applies and persists at once.
Flickable {
    id: view

    required property SettingsController settings
    required property ConversationController conversation

    readonly property bool twoColumns: width >= Theme.touchTarget * 14
    contentHeight: grid.implicitHeight + 2 * Theme.padding
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar { width: Theme.spacing * 1.5 }

    component SectionTitle: Text {
        Layout.fillWidth: true
        Layout.topMargin: Theme.spacing
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontLarge
        font.bold: true
        color: Theme.text
    }
    component Card: Rectangle {
        default property alias content: inner.data
        Layout.fillWidth: true
        implicitHeight: inner.implicitHeight + 2 * Theme.padding
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border
        ColumnLayout {
            id: inner
            anchors.fill: parent
            anchors.margins: Theme.padding
            spacing: Theme.padding
        }
    }

    GridLayout {
        id: grid
        x: Theme.padding
        y: Theme.padding
        width: view.width - 2 * Theme.padding
        columns: view.twoColumns ? 2 : 1
        columnSpacing: Theme.padding * 2
        rowSpacing: Theme.padding

        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            Layout.preferredWidth: 1
            spacing: Theme.spacing

            RowLayout {
                Layout.fillWidth: true
                SectionTitle { text: qsTr("Model") }
                TouchButton {
                    objectName: "rescanModels"
                    iconName: "refresh"
                    Accessible.name: qsTr("Look for models again")
                    enabled: !view.settings.models.scanning
                    onClicked: view.settings.rescanModels()
                }
            }
            Text {
                Layout.fillWidth: true
                text: qsTr("Models folder: %1").arg(view.settings.models.dirs.join(", "))
                wrapMode: Text.WrapAnywhere
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
            }
            Text {
                objectName: "missingModelsDir"
                Layout.fillWidth: true
                visible: view.settings.models.missingDirs.length > 0
                text: qsTr("The models folder %1 does not exist: create it and copy a GGUF model into it.")
                      .arg(view.settings.models.missingDirs.join(", "))
                wrapMode: Text.WrapAnywhere
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                color: Theme.danger
            }
            Text {
                Layout.fillWidth: true
                visible: view.settings.models.count === 0
                text: view.settings.models.scanning ? qsTr("Looking for models…")
                                                    : qsTr("No GGUF files found. Copy a 1B-3B Q4_K_M model into the folder above.")
                wrapMode: Text.WordWrap
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontBody
                color: Theme.text
            }
            // The latest failed switch: the current model stayed; reason and fix, and the way back.
            Rectangle {
                objectName: "switchErrorBanner"
                Layout.fillWidth: true
                visible: view.settings.switcher.lastError.length > 0 || view.settings.switcher.busy
                implicitHeight: bannerColumn.implicitHeight + 2 * Theme.padding
                radius: Theme.radius
                color: Theme.surface
                border.width: 2
                border.color: view.settings.switcher.lastError.length > 0 ? Theme.danger : Theme.accent
                ColumnLayout {
                    id: bannerColumn
                    anchors.fill: parent
                    anchors.margins: Theme.padding
                    Text {
                        objectName: "switchErrorText"
                        Layout.fillWidth: true
                        text: view.settings.switcher.busy
                              ? qsTr("Checking and loading %1…").arg(view.settings.switcher.pendingPath.split("/").pop())
                              : qsTr("Not switched, the current model stays. %1").arg(view.settings.switcher.lastError)
                        wrapMode: Text.WordWrap
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.fontBody
                        color: view.settings.switcher.busy ? Theme.text : Theme.danger
                    }
                }
            }
            TouchButton {
                objectName: "revertModel"
                visible: view.settings.switcher.canRevert
                enabled: !view.settings.switcher.busy
                text: qsTr("Revert to last good model")
                onClicked: view.settings.switcher.revert()
            }
            Repeater {
                objectName: "modelRepeater"
                model: view.settings.models
                delegate: AbstractButton {
                    id: card
                    required property string path
                    required property string name
                    required property string fileName
                    required property string architecture
                    required property string chatTemplate
                    required property string quantization
                    required property string sizeText
                    required property string paramsText
                    required property string contextText
                    required property string memoryText
                    required property string error
                    required property bool valid
                    required property bool fits
                    required property bool current
                    required property string kind
                    required property string verifyStatus
                    required property string verifyMessage
                    required property string verifyFix
                    required property string voiceVerdict
                    required property string toolScore
                    required property string backendText
                    objectName: "model_" + fileName
                    Layout.fillWidth: true
                    implicitHeight: Math.max(Theme.touchTarget, details.implicitHeight + 2 * Theme.padding)
                    verticalPadding: Theme.padding
                    // A failing model can be tapped too: the switcher refuses it and the banner says why.
                    enabled: verifyStatus !== "checking"
                    onClicked: view.settings.selectModel(path)
                    background: Rectangle {
                        radius: Theme.radius
                        color: card.down ? Theme.surfaceAlt : Theme.surface
                        border.width: card.current ? 3 : 1
                        border.color: card.current ? Theme.accent : Theme.border
                    }
                    contentItem: ColumnLayout {
                        id: details
                        spacing: 2
                        RowLayout {
                            Layout.fillWidth: true
                            Layout.leftMargin: Theme.padding
                            Layout.rightMargin: Theme.padding
                            Text {
                                Layout.fillWidth: true
                                text: card.name
                                elide: Text.ElideRight
                                font.family: Theme.fontFamily
                                font.pixelSize: Theme.fontBody
                                font.bold: true
                                color: card.valid ? Theme.text : Theme.textMuted
                            }
                            Text {
                                visible: card.current
                                text: view.conversation.modelLoading ? qsTr("loading…") : qsTr("in use")
                                font.family: Theme.fontFamily
                                font.pixelSize: Theme.fontSmall
                                font.bold: true
                                color: Theme.accent
                            }
                        }
                        Text {
                            Layout.fillWidth: true
                            Layout.leftMargin: Theme.padding
                            Layout.rightMargin: Theme.padding
                            text: card.valid ? [card.fileName, card.architecture,
                                                card.chatTemplate.length > 0 ? "template " + card.chatTemplate : "",
                                                card.paramsText, card.quantization, card.sizeText]
                                                   .filter(function(s) { return s.length > 0 }).join("  ·  ")
                                             : card.fileName + "  ·  " + card.sizeText
                            wrapMode: Text.WordWrap
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                        }
                        Text {
                            // Which runtime runs it: the native engine, llama.cpp (which library), a
                            // server, a vendor runtime (ModelListModel's backend role).
                            objectName: "backend_" + card.fileName
                            Layout.fillWidth: true
                            Layout.leftMargin: Theme.padding
                            Layout.rightMargin: Theme.padding
                            text: qsTr("runs on %1").arg(card.backendText)
                            wrapMode: Text.WrapAnywhere
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                        }
                        Text {
                            Layout.fillWidth: true
                            Layout.leftMargin: Theme.padding
                            Layout.rightMargin: Theme.padding
                            visible: card.valid && card.memoryText.length > 0
                            text: card.contextText.length > 0 ? qsTr("context %1  ·  %2").arg(card.contextText).arg(card.memoryText)
                                                              : card.memoryText
                            wrapMode: Text.WordWrap
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fontSmall
                            color: !card.fits ? Theme.danger : Theme.textMuted
                        }
                        Text {
                            objectName: "verifyMessage_" + card.fileName
                            Layout.fillWidth: true
                            Layout.leftMargin: Theme.padding
                            Layout.rightMargin: Theme.padding
                            visible: text.length > 0
                            text: card.verifyStatus === "checking" ? qsTr("checking…")
                                  : card.verifyMessage.length === 0 ? ""
                                  : card.verifyFix.length > 0 ? qsTr("%1. Fix: %2").arg(card.verifyMessage).arg(card.verifyFix)
                                  : card.verifyMessage
                            wrapMode: Text.WordWrap
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fontSmall
                            font.bold: card.verifyStatus === "failed"
                            color: card.verifyStatus === "failed" ? Theme.danger : Theme.textMuted
                        }
                        Text {
                            Layout.fillWidth: true
                            Layout.leftMargin: Theme.padding
                            Layout.rightMargin: Theme.padding
                            visible: card.valid
                            text: qsTr("voice: %1").arg(card.voiceVerdict)
                            wrapMode: Text.WordWrap
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                        }
                        Text {
                            objectName: "toolScore_" + card.fileName
                            Layout.fillWidth: true
                            Layout.leftMargin: Theme.padding
                            Layout.rightMargin: Theme.padding
                            visible: card.valid
                            text: card.toolScore
                            wrapMode: Text.WordWrap
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                        }
                    }
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            Layout.preferredWidth: 1
            spacing: Theme.spacing

            SectionTitle { text: qsTr("Answers") }
            Card {
                SettingRow {
                    Layout.fillWidth: true
                    title: qsTr("Compute threads")
                    hint: qsTr("Auto uses the performance cores")
                    Stepper {
                        objectName: "threadsStepper"
                        value: view.settings.threads
                        from: 0
                        to: view.settings.maxThreads
                        valueText: function(v) { return v === 0 ? qsTr("Auto") : v }
                        onMoved: function(v) { view.settings.threads = v }
                    }
                }
                SettingRow {
                    Layout.fillWidth: true
                    title: qsTr("Context")
                    hint: qsTr("Tokens remembered; more needs more memory")
                    Stepper {
                        objectName: "contextStepper"
                        value: view.settings.contextLength
                        values: [512, 1024, 2048, 4096, 8192, 16384, 32768]
                        onMoved: function(v) { view.settings.contextLength = v }
                    }
                }
                SettingRow {
                    Layout.fillWidth: true
                    title: qsTr("Longest answer")
                    hint: qsTr("Tokens")
                    Stepper {
                        objectName: "maxTokensStepper"
                        value: view.settings.maxTokens
                        values: [32, 64, 128, 256, 512, 1024, 2048]
                        onMoved: function(v) { view.settings.maxTokens = v }
                    }
                }
                SettingRow {
                    Layout.fillWidth: true
                    title: qsTr("Temperature")
                    hint: qsTr("0 gives the same answer every time")
                    Stepper {
                        objectName: "temperatureStepper"
                        value: view.settings.temperature
                        from: 0
                        to: 1.5
                        stepSize: 0.1
                        decimals: 1
                        onMoved: function(v) { view.settings.temperature = v }
                    }
                }
            }

            SectionTitle { text: qsTr("Display") }
            Card {
                SettingRow {
                    Layout.fillWidth: true
                    title: qsTr("Theme")
                    RowLayout {
                        spacing: Theme.spacing
                        Repeater {
                            model: [{ key: "day", name: qsTr("Day") }, { key: "night", name: qsTr("Night") },
                                    { key: "auto", name: qsTr("Auto") }]
                            TouchButton {
                                required property var modelData
                                objectName: "theme_" + modelData.key
                                text: modelData.name
                                kind: view.settings.theme === modelData.key ? "primary" : "plain"
                                onClicked: view.settings.theme = modelData.key
                            }
                        }
                    }
                }
                SettingRow {
                    Layout.fillWidth: true
                    title: qsTr("Text size")
                    Stepper {
                        objectName: "textScaleStepper"
                        value: view.settings.textScale
                        from: 0.8
                        to: 1.6
                        stepSize: 0.1
                        valueText: function(v) { return Math.round(v * 100) + " %" }
                        onMoved: function(v) { view.settings.textScale = v }
                    }
                }
            }
            SectionTitle { text: qsTr("Voice") }
            Card {
                SettingRow {
                    Layout.fillWidth: true
                    title: qsTr("Voice input")
                    hint: view.settings.voiceRestartNeeded ? qsTr("Applies at the next start")
                                                           : qsTr("Off: text only, no device is opened")
                    RowLayout {
                        spacing: Theme.spacing
                        Repeater {
                            model: [{ on: true, name: qsTr("On") }, { on: false, name: qsTr("Off") }]
                            TouchButton {
                                required property var modelData
                                objectName: "voice_" + (modelData.on ? "on" : "off")
                                text: modelData.name
                                kind: view.settings.voiceEnabled === modelData.on ? "primary" : "plain"
                                onClicked: view.settings.voiceEnabled = modelData.on
                            }
                        }
                    }
                }
                Repeater {
                    // One row per direction; a tap steps to the next device (large target, no dropdown).
                    model: [{ key: "input", title: qsTr("Microphone") }, { key: "output", title: qsTr("Speaker") }]
                    SettingRow {
                        id: deviceRow
                        required property var modelData
                        readonly property var devices: modelData.key === "input" ? view.settings.inputDevices
                                                                                 : view.settings.outputDevices
                        readonly property string current: modelData.key === "input" ? view.settings.inputDevice
                                                                                     : view.settings.outputDevice
                        Layout.fillWidth: true
                        title: modelData.title
                        hint: devices.length > 1 ? qsTr("Tap to change") : qsTr("No device found")
                        TouchButton {
                            objectName: "device_" + deviceRow.modelData.key
                            text: deviceRow.current.length > 0 ? deviceRow.current : qsTr("System default")
                            onClicked: {
                                const i = deviceRow.devices.indexOf(deviceRow.current)
                                const next = deviceRow.devices[(i + 1) % deviceRow.devices.length]
                                if (deviceRow.modelData.key === "input")
                                    view.settings.inputDevice = next
                                else
                                    view.settings.outputDevice = next
                            }
                        }
                    }
                }
            }
            Text {
                Layout.fillWidth: true
                visible: view.settings.saveError.length > 0
                text: view.settings.saveError
                wrapMode: Text.WordWrap
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontSmall
                color: Theme.danger
            }
        }
    }
}
