import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import QtQuick.Window
import Peregrine

// The window: status bar on top (always visible), page rail on the left, the pages. main.cpp hands in the
// started AppController; in kiosk mode the window is full-screen, the keyboard is on screen and the rail has
// the long-press exit.
ApplicationWindow {
    id: window

    required property AppController app
    property int initialPage: 0

    width: 1280
    height: 800
    minimumWidth: 640
    minimumHeight: 400
    visible: true
    title: qsTr("Peregrine")
    color: Theme.background
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontBody

    Binding { target: Theme; property: "night"; value: window.app.settings.night }
    Binding { target: Theme; property: "textScale"; value: window.app.settings.textScale }
    Binding {
        target: Theme
        property: "sizeFactor"
        // 1.0 at 800x480, about 1.35 at 1280x800, 1.6 (the cap) at 1920x1080.
        value: Math.max(1.0, Math.min(1.6, 1 + 0.6 * (Math.min(window.width / 800, window.height / 480) - 1)))
    }

    header: StatusBar {
        objectName: "statusBar"
        status: window.app.status
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        NavigationRail {
            id: rail
            objectName: "navigationRail"
            Layout.fillHeight: true
            currentIndex: window.initialPage
            kiosk: window.app.kiosk
            exitHoldMs: window.app.exitHoldMs
            onExitRequested: pinPad.open()
        }

        StackLayout {
            objectName: "pages"
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: rail.currentIndex

            ConversationView {
                objectName: "conversationView"
                conversation: window.app.conversation
                settings: window.app.settings
                voice: window.app.voice
                talkAvailable: window.app.talkAvailable
                talkReason: window.app.talkUnavailableReason
                recommendedModels: window.app.recommendedModels
                keyboardHeight: keyboard.item ? keyboard.item.keyboardHeight : 0
                onOpenSettings: rail.currentIndex = 1
            }
            SettingsView {
                objectName: "settingsView"
                settings: window.app.settings
                conversation: window.app.conversation
            }
            BenchmarksView {
                objectName: "benchmarksView"
                benchmarks: window.app.benchmarks
                conversation: window.app.conversation
            }
        }
    }

    AlertBanner {
        objectName: "alertBanner"
        status: window.app.status
        anchors.top: parent.top
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.topMargin: Theme.spacing
        width: Math.min(parent.width - 2 * Theme.padding, Theme.touchTarget * 14)
        z: 50
    }

    Loader {
        id: keyboard
        objectName: "keyboardLoader"
        active: window.app.kiosk
        source: "panels/KeyboardPanel.qml"
        anchors.fill: parent
        z: 100
    }

    PinPad {
        id: pinPad
        objectName: "pinPad"
        check: function(pin) { return window.app.tryExit(pin) }
    }
}
