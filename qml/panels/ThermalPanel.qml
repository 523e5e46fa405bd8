import QtQuick
import QtQuick.Layouts
import Peregrine

// The thermal governor strip under the status bar, shown while the governor has backed off (warm and up) or
// the clocks are throttled: the level, what it does about it (threads, answer length, fallback model, pause
// notice), which levers the loaded runtime offers ("threads: not adjustable on llama-server at ..."), its last
// action, and a small chart of the recent temperature (level colour) and decode tok/s
// (accent colour). Presentation only: StatusController supplies the text and the history.
Rectangle {
    id: panel

    required property StatusController status
    readonly property int level: status.governorLevel  // 0 nominal .. 3 critical
    readonly property color levelColor: Theme.thermalColor(level + 1)

    implicitHeight: Math.round(Theme.statusBarHeight * 1.6)  // three lines: state, levers, last action
    color: status.governorPaused ? Theme.danger : Qt.darker(Theme.statusBar, 1.25)

    component PanelText: Text {
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontStatus
        color: Theme.statusText
        elide: Text.ElideRight
        verticalAlignment: Text.AlignVCenter
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.padding
        anchors.rightMargin: Theme.padding
        spacing: Theme.padding

        Rectangle {
            objectName: "governorLevel"
            Layout.alignment: Qt.AlignVCenter
            implicitWidth: levelText.implicitWidth + Theme.spacing * 3
            implicitHeight: levelText.implicitHeight + 6
            radius: height / 2
            color: panel.levelColor
            PanelText {
                id: levelText
                anchors.centerIn: parent
                text: ["NOMINAL", "WARM", "HOT", "CRITICAL"][panel.level] || ""
                color: "#000000"
                font.bold: true
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0
            PanelText {
                objectName: "governorText"
                Layout.fillWidth: true
                text: panel.status.governorText
                font.bold: true
                color: panel.status.governorPaused ? Theme.dangerText : Theme.statusText
            }
            PanelText {
                objectName: "governorLevers"
                Layout.fillWidth: true
                text: panel.status.governorLevers
                visible: text.length > 0
                font.pixelSize: Math.round(Theme.fontStatus * 0.8)
                opacity: 0.85
            }
            PanelText {
                objectName: "governorLastAction"
                Layout.fillWidth: true
                text: panel.status.throttled ? qsTr("throttled: %1").arg(panel.status.throttleReason)
                                             : panel.status.governorLastAction
                font.pixelSize: Math.round(Theme.fontStatus * 0.8)
                opacity: 0.85
            }
        }

        Canvas {
            id: chart
            objectName: "thermalHistory"
            Layout.preferredWidth: Math.round(Theme.touchTarget * 4.5)
            Layout.fillHeight: true
            Layout.topMargin: 4
            Layout.bottomMargin: 4
            renderTarget: Canvas.Image
            property var history: panel.status.thermalHistory
            onHistoryChanged: requestPaint()
            onWidthChanged: requestPaint()
            onHeightChanged: requestPaint()

            function line(ctx, pts, key, lo, hi, colour) {
                ctx.strokeStyle = colour
                ctx.lineWidth = 2
                ctx.beginPath()
                for (var i = 0; i < pts.length; ++i) {
                    var x = pts.length > 1 ? i * (width - 5) / (pts.length - 1) : width - 5
                    var y = height - 1 - (pts[i][key] - lo) / Math.max(1e-6, hi - lo) * (height - 2)
                    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y)
                }
                ctx.stroke()
            }

            onPaint: {
                var ctx = getContext("2d")
                ctx.reset()
                ctx.fillStyle = Qt.rgba(1, 1, 1, 0.06)
                ctx.fillRect(0, 0, width, height)
                var pts = history || []
                if (pts.length === 0) return
                var tlo = 1e9, thi = -1e9, kmax = 0
                for (var i = 0; i < pts.length; ++i) {
                    tlo = Math.min(tlo, pts[i].tempC)
                    thi = Math.max(thi, pts[i].tempC)
                    kmax = Math.max(kmax, pts[i].tokS)
                }
                tlo = Math.min(tlo, thi - 10) - 2
                thi += 2
                if (kmax > 0) line(ctx, pts, "tokS", 0, kmax * 1.1, Theme.accent)
                line(ctx, pts, "tempC", tlo, thi, panel.levelColor)
                // The newest temperature as a dot (also what a single sample draws).
                var last = pts[pts.length - 1]
                ctx.fillStyle = panel.levelColor
                ctx.beginPath()
                ctx.arc(width - 4, height - 1 - (last.tempC - tlo) / Math.max(1e-6, thi - tlo) * (height - 2), 3.5,
                        0, 2 * Math.PI)
                ctx.fill()
                ctx.fillStyle = Theme.statusText
                ctx.font = Math.round(Theme.fontStatus * 0.7) + "px 'DejaVu Sans'"
                ctx.fillText(Math.round(pts[pts.length - 1].tempC) + " °C" + (kmax > 0 ? "  ·  " + pts[pts.length - 1].tokS.toFixed(1) + " tok/s" : ""), 4, Theme.fontStatus * 0.75)
            }
        }
    }
}
