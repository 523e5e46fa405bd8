import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Peregrine

// The conversation: streaming message bubbles, the talk button, a text field with send / stop (and "Deep
// think" when deep_think.enabled: the typed question goes to the remote model), a new conversation action
// and the past conversations (a side panel when wide, a drawer when narrow).
Item {
    id: view

    required property ConversationController conversation
    required property SettingsController settings
    property VoiceController voice: null  // null: text only
    property bool talkAvailable: false
    property string talkReason: ""
    property string recommendedModels: ""
    property real keyboardHeight: 0
    signal openSettings()

    readonly property bool wide: width >= Theme.touchTarget * 16
    readonly property bool starting: conversation.modelLoading || settings.models.scanning
    readonly property bool showEmptyState: !conversation.modelReady && !starting
    readonly property int voiceState: voice ? voice.state : VoiceLoop.Idle
    // After an answer the next question needs no wake word or button for a few seconds.
    readonly property bool followUp: voice ? voice.followUp && voiceState === VoiceLoop.Idle : false

    // deepThink: asked with the deep-think button. A refused question comes back to the field (its reason
    // shows on the error line) unless something new has been typed meanwhile.
    function submit(deepThink) {
        if (view.conversation.send(input.text, deepThink === true)) input.text = ""
    }

    Connections {
        target: view.conversation
        function onSendRefused(text) {
            if (input.text === "") input.text = text
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.bottomMargin: view.keyboardHeight
        spacing: 0

        ConversationList {
            objectName: "sidePanel"
            visible: view.wide
            Layout.fillHeight: true
            Layout.preferredWidth: Math.round(view.width * 0.28)
            conversation: view.conversation
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.margins: Theme.spacing
            spacing: Theme.spacing

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                TouchButton {
                    objectName: "historyButton"
                    visible: !view.wide
                    iconName: "history"
                    Accessible.name: qsTr("Past conversations")
                    onClicked: drawer.open()
                }
                Text {
                    Layout.fillWidth: true
                    text: view.conversation.conversationId > 0 ? qsTr("Conversation") : qsTr("New conversation")
                    elide: Text.ElideRight
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    color: Theme.text
                }
                TouchButton {
                    objectName: "newConversationButton"
                    iconName: "plus"
                    text: view.width > Theme.touchTarget * 11 ? qsTr("New") : ""
                    Accessible.name: qsTr("New conversation")
                    onClicked: view.conversation.newConversation()
                }
            }

            Rectangle {
                objectName: "errorBanner"
                Layout.fillWidth: true
                visible: view.conversation.error.length > 0
                implicitHeight: errorText.implicitHeight + 2 * Theme.spacing
                radius: Theme.radius / 2
                color: Theme.danger
                Text {
                    id: errorText
                    anchors.fill: parent
                    anchors.margins: Theme.spacing
                    text: view.conversation.error
                    wrapMode: Text.WordWrap
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontSmall
                    color: Theme.dangerText
                }
            }

            Rectangle {
                objectName: "storageBanner"
                Layout.fillWidth: true
                visible: view.conversation.storageError.length > 0
                implicitHeight: storageText.implicitHeight + 2 * Theme.spacing
                radius: Theme.radius / 2
                color: Theme.danger
                Text {
                    id: storageText
                    objectName: "storageText"
                    anchors.fill: parent
                    anchors.margins: Theme.spacing
                    text: qsTr("History is not saved: %1").arg(view.conversation.storageError)
                    wrapMode: Text.WordWrap
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontSmall
                    color: Theme.dangerText
                }
            }

            NoModelPanel {
                objectName: "noModelPanel"
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: view.showEmptyState
                modelsDir: view.settings.modelsDir
                missingDirs: view.settings.models.missingDirs
                recommended: view.recommendedModels
                loadError: view.conversation.modelError
                hasModels: view.settings.models.count > 0
                onRescan: view.settings.rescanModels()
                onOpenSettings: view.openSettings()
            }

            ListView {
                id: messages
                objectName: "messageList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: !view.showEmptyState
                clip: true
                spacing: Theme.spacing
                model: view.conversation.messages
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar { width: Theme.spacing * 1.5 }
                delegate: MessageBubble {
                    width: ListView.view.width - Theme.spacing * 2
                }
                // Follow the answer as it grows, unless the driver scrolled up to read.
                property bool follow: true
                onMovementEnded: follow = atYEnd
                onContentHeightChanged: if (follow) Qt.callLater(positionViewAtEnd)
                onCountChanged: { follow = true; Qt.callLater(positionViewAtEnd) }

                Text {
                    anchors.centerIn: parent
                    width: parent.width * 0.8
                    visible: messages.count === 0
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.WordWrap
                    text: view.starting ? qsTr("Loading the model…")
                                                         : qsTr("Ask something by typing below.")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontLarge
                    color: Theme.textMuted
                }
            }

            // The voice turn: listening (level meter), transcribing (words heard so far), thinking, speaking.
            Rectangle {
                objectName: "voicePanel"
                Layout.fillWidth: true
                visible: view.voiceState !== VoiceLoop.Idle || voiceError.visible || view.followUp
                implicitHeight: voiceColumn.implicitHeight + 2 * Theme.spacing
                radius: Theme.radius / 2
                color: Theme.surface
                border.color: Theme.border
                ColumnLayout {
                    id: voiceColumn
                    anchors.fill: parent
                    anchors.margins: Theme.spacing
                    spacing: Theme.spacing / 2
                    RowLayout {
                        Layout.fillWidth: true
                        visible: view.voiceState !== VoiceLoop.Idle
                        spacing: Theme.spacing
                        Text {
                            objectName: "voiceStateText"
                            text: view.voiceState === VoiceLoop.Listening ? qsTr("Listening…")
                                : view.voiceState === VoiceLoop.Transcribing ? qsTr("Transcribing…")
                                : view.voiceState === VoiceLoop.Thinking ? qsTr("Thinking…")
                                : view.voiceState === VoiceLoop.Speaking ? qsTr("Speaking") : ""
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fontBody
                            font.bold: true
                            color: Theme.text
                        }
                        Rectangle {
                            objectName: "levelMeter"
                            visible: view.voiceState === VoiceLoop.Listening
                            Layout.fillWidth: true
                            implicitHeight: Theme.spacing
                            radius: height / 2
                            color: Theme.border
                            Rectangle {
                                width: parent.width * (view.voice ? view.voice.level : 0)
                                height: parent.height
                                radius: parent.radius
                                color: Theme.accent
                            }
                        }
                    }
                    RowLayout {
                        objectName: "followUpRow"
                        Layout.fillWidth: true
                        visible: view.followUp
                        spacing: Theme.spacing
                        Text {
                            objectName: "followUpText"
                            text: qsTr("Listening for a follow-up…")
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fontBody
                            font.bold: true
                            color: Theme.text
                        }
                        // The time left in the window, shrinking to nothing.
                        Rectangle {
                            Layout.fillWidth: true
                            implicitHeight: Theme.spacing
                            radius: height / 2
                            color: Theme.border
                            Rectangle {
                                id: followUpLeft
                                height: parent.height
                                radius: parent.radius
                                color: Theme.accent
                                width: parent.width
                                NumberAnimation on width {
                                    running: view.followUp
                                    from: followUpLeft.parent.width
                                    to: 0
                                    duration: view.voice ? view.voice.followUpMs : 0
                                }
                            }
                        }
                    }
                    Text {
                        objectName: "voiceWords"
                        Layout.fillWidth: true
                        visible: text.length > 0 && view.voiceState !== VoiceLoop.Idle
                        text: view.voice ? view.voice.words : ""
                        wrapMode: Text.WordWrap
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.fontBody
                        font.italic: true
                        color: Theme.textMuted
                    }
                    Text {
                        id: voiceError
                        objectName: "voiceError"
                        Layout.fillWidth: true
                        // While voice is unavailable the reason shows beside the talk button instead.
                        visible: view.voice !== null && view.voice.available && view.voice.error.length > 0
                        text: view.voice ? view.voice.error : ""
                        wrapMode: Text.WordWrap
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.fontSmall
                        color: Theme.danger
                    }
                }
            }

            RowLayout {
                objectName: "inputRow"
                Layout.fillWidth: true
                visible: !view.showEmptyState  // nothing to ask yet: the room goes to the instructions
                spacing: Theme.spacing

                TalkButton {
                    objectName: "talkButton"
                    available: view.talkAvailable
                    reason: view.talkReason
                    showReasonText: view.width > Theme.touchTarget * 11
                    listening: view.voiceState === VoiceLoop.Listening
                    Layout.maximumWidth: view.width * 0.3
                    onTalkRequested: if (view.voice) view.voice.talk()
                }
                TextField {
                    id: input
                    objectName: "messageInput"
                    Layout.fillWidth: true
                    implicitHeight: Theme.touchTarget
                    placeholderText: qsTr("Type a question")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontBody
                    color: Theme.text
                    placeholderTextColor: Theme.textMuted
                    enabled: view.conversation.modelReady
                    inputMethodHints: Qt.ImhNoPredictiveText
                    onAccepted: view.submit()
                    background: Rectangle {
                        radius: Theme.radius
                        color: Theme.surface
                        border.width: input.activeFocus ? 2 : 1
                        border.color: input.activeFocus ? Theme.accent : Theme.border
                    }
                }
                TouchButton {
                    objectName: "sendButton"
                    visible: !view.conversation.generating && view.voiceState === VoiceLoop.Idle
                    kind: "primary"
                    iconName: "send"
                    Accessible.name: qsTr("Send")
                    enabled: view.conversation.modelReady && input.text.trim().length > 0
                    onClicked: view.submit()
                }
                TouchButton {
                    objectName: "deepThinkButton"
                    visible: view.conversation.deepThinkEnabled && !view.conversation.generating
                             && view.voiceState === VoiceLoop.Idle
                    text: qsTr("Deep think")
                    Accessible.name: qsTr("Ask deep think")
                    enabled: input.text.trim().length > 0
                    onClicked: view.submit(true)
                }
                TouchButton {
                    objectName: "stopButton"
                    visible: view.conversation.generating || view.voiceState !== VoiceLoop.Idle
                    kind: "danger"
                    iconName: "stop"
                    text: view.width > Theme.touchTarget * 11 ? qsTr("Stop") : ""
                    Accessible.name: qsTr("Stop")
                    onClicked: {
                        if (view.voice) view.voice.stop()
                        view.conversation.stop()
                    }
                }
            }
        }
    }

    Drawer {
        id: drawer
        objectName: "historyDrawer"
        width: Math.min(view.width * 0.8, Theme.touchTarget * 8)
        height: view.height
        edge: Qt.LeftEdge
        interactive: !view.wide
        ConversationList {
            anchors.fill: parent
            conversation: view.conversation
            onOpened: drawer.close()
        }
    }
}
