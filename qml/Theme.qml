pragma Singleton
import QtQuick
import QtQuick.Window

// All sizes and colours of the UI. Main.qml binds night, textScale and sizeFactor; everything else derives.
// Touch targets are at least 9 mm on the physical screen (Screen.pixelDensity) and never under minTouchPx.
QtObject {
    id: theme

    property bool night: false
    property real textScale: 1.0
    // 1.0 at 800x480, growing with the window up to 1.6 (1920x1080): bigger screens are read from farther.
    property real sizeFactor: 1.0

    readonly property real pxPerMm: Math.max(Screen.pixelDensity, 3.0)
    readonly property int minTouchPx: 56
    readonly property int touchTarget: Math.max(Math.round(9 * pxPerMm), Math.round(minTouchPx * sizeFactor))
    readonly property int talkButtonSize: Math.round(touchTarget * 1.35)

    readonly property int spacing: Math.round(8 * sizeFactor)
    readonly property int padding: Math.round(12 * sizeFactor)
    readonly property int radius: Math.round(14 * sizeFactor)
    readonly property int statusBarHeight: Math.round(Math.max(touchTarget * 0.8, 44 * sizeFactor))
    readonly property int railWidth: touchTarget + 2 * spacing

    // Text: large enough to read at arm's length in a moving cab.
    readonly property real fontUnit: sizeFactor * textScale
    readonly property int fontSmall: Math.round(15 * fontUnit)
    readonly property int fontBody: Math.round(20 * fontUnit)
    readonly property int fontLarge: Math.round(24 * fontUnit)
    readonly property int fontTitle: Math.round(28 * fontUnit)
    readonly property int fontStatus: Math.round(17 * sizeFactor * Math.min(textScale, 1.3))
    readonly property string fontFamily: "DejaVu Sans"

    // Day: light surfaces, dark text. Night: dark, low-glare surfaces, no pure white.
    readonly property color background: night ? "#0f1216" : "#eef1f4"
    readonly property color surface: night ? "#1a1f26" : "#ffffff"
    readonly property color surfaceAlt: night ? "#242b34" : "#e3e8ee"
    readonly property color border: night ? "#333c47" : "#c5cdd6"
    readonly property color text: night ? "#e4e8ec" : "#14181d"
    readonly property color textMuted: night ? "#9aa5b1" : "#56616d"
    readonly property color accent: night ? "#4f9dff" : "#0b63ce"
    readonly property color accentText: "#ffffff"
    readonly property color userBubble: night ? "#1f4f86" : "#0b63ce"
    readonly property color userBubbleText: "#ffffff"
    readonly property color assistantBubble: night ? "#242b34" : "#ffffff"
    readonly property color assistantBubbleText: text
    readonly property color danger: night ? "#ff6b6b" : "#c62828"
    readonly property color dangerText: "#ffffff"
    readonly property color disabled: night ? "#3a424c" : "#c9d0d8"
    readonly property color disabledText: night ? "#7c8793" : "#6c7783"
    readonly property color statusBar: night ? "#07090c" : "#1c2430"
    readonly property color statusText: night ? "#d6dde4" : "#f2f5f8"

    // Thermal levels: 0 no sensor, 1 normal, 2 warm, 3 hot, 4 critical.
    function thermalColor(level) {
        switch (level) {
        case 1: return night ? "#4cc38a" : "#3fbf7f"
        case 2: return "#f2b233"
        case 3: return "#ff7a33"
        case 4: return "#ff3b3b"
        default: return statusText
        }
    }
}
