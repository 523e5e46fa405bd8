import QtQuick
import QtQuick.Layouts
import Peregrine

// A line chart drawn in QML (Canvas): one line per model, time on the x axis, the metric on the y axis.
// series: [{name, points: [{x: msecsSinceEpoch, y}]}] as BenchmarkListModel.series() returns it.
ColumnLayout {
    id: chart

    property var series: []
    property real maxValue: 0
    property string unit: ""
    readonly property var palette: ["#0b63ce", "#e3602b", "#2e9d5b", "#9b59b6", "#c9a100", "#17a2b8"]

    spacing: Theme.spacing
    onSeriesChanged: canvas.requestPaint()
    onMaxValueChanged: canvas.requestPaint()

    Canvas {
        id: canvas
        objectName: "chartCanvas"
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.minimumHeight: Theme.touchTarget * 2
        renderTarget: Canvas.Image
        onWidthChanged: requestPaint()
        onHeightChanged: requestPaint()
        Connections {
            target: Theme
            function onNightChanged() { canvas.requestPaint() }
            function onSizeFactorChanged() { canvas.requestPaint() }
        }

        function niceMax(v) {
            if (v <= 0) return 1
            var p = Math.pow(10, Math.floor(Math.log(v) / Math.LN10))
            var steps = [1, 2, 2.5, 5, 10]
            for (var i = 0; i < steps.length; ++i)
                if (steps[i] * p >= v * 1.05) return steps[i] * p
            return 10 * p
        }

        onPaint: {
            var ctx = getContext("2d")
            ctx.reset()
            var font = Theme.fontSmall
            var left = font * 4, right = Theme.padding, top = Theme.padding, bottom = font * 2
            var w = width - left - right, h = height - top - bottom
            if (w <= 0 || h <= 0) return
            var ymax = niceMax(chart.maxValue)
            var tmin = Infinity, tmax = -Infinity
            for (var s = 0; s < chart.series.length; ++s) {
                var pts = chart.series[s].points
                for (var k = 0; k < pts.length; ++k) {
                    tmin = Math.min(tmin, pts[k].x)
                    tmax = Math.max(tmax, pts[k].x)
                }
            }
            ctx.font = font + "px 'DejaVu Sans'"
            ctx.lineWidth = 1
            ctx.strokeStyle = Theme.border
            ctx.fillStyle = Theme.textMuted
            ctx.textAlign = "right"
            ctx.textBaseline = "middle"
            for (var g = 0; g <= 4; ++g) {
                var gy = top + h - h * g / 4
                ctx.beginPath(); ctx.moveTo(left, gy); ctx.lineTo(left + w, gy); ctx.stroke()
                var v = ymax * g / 4
                ctx.fillText(v >= 100 ? v.toFixed(0) : v.toFixed(1), left - Theme.spacing, gy)
            }
            if (tmin === Infinity) {
                ctx.textAlign = "center"
                ctx.fillText(qsTr("No runs yet"), left + w / 2, top + h / 2)
                return
            }
            var span = Math.max(tmax - tmin, 1)
            function px(t) { return chart.series.length && tmax > tmin ? left + w * (t - tmin) / span : left + w / 2 }
            function py(y) { return top + h - h * Math.min(y, ymax) / ymax }
            ctx.textAlign = "left"
            ctx.textBaseline = "top"
            ctx.fillText(Qt.formatDateTime(new Date(tmin), "d MMM hh:mm"), left, top + h + Theme.spacing / 2)
            if (tmax > tmin) {
                ctx.textAlign = "right"
                ctx.fillText(Qt.formatDateTime(new Date(tmax), "d MMM hh:mm"), left + w, top + h + Theme.spacing / 2)
            }
            for (var i = 0; i < chart.series.length; ++i) {
                var p = chart.series[i].points
                var colour = chart.palette[i % chart.palette.length]
                ctx.strokeStyle = colour
                ctx.fillStyle = colour
                ctx.lineWidth = Math.max(2, Theme.sizeFactor * 3)
                ctx.beginPath()
                for (var j = 0; j < p.length; ++j) {
                    if (j === 0) ctx.moveTo(px(p[j].x), py(p[j].y))
                    else ctx.lineTo(px(p[j].x), py(p[j].y))
                }
                ctx.stroke()
                var r = Math.max(4, Theme.sizeFactor * 5)
                for (j = 0; j < p.length; ++j) {
                    ctx.beginPath()
                    ctx.arc(px(p[j].x), py(p[j].y), r, 0, 2 * Math.PI)
                    ctx.fill()
                }
            }
        }
    }

    Flow {
        Layout.fillWidth: true
        spacing: Theme.padding
        Repeater {
            model: chart.series
            Row {
                required property var modelData
                required property int index
                spacing: Theme.spacing / 2
                Rectangle {
                    anchors.verticalCenter: parent.verticalCenter
                    width: Theme.fontSmall; height: width; radius: width / 4
                    color: chart.palette[parent.index % chart.palette.length]
                }
                Text {
                    text: parent.modelData.name
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fontSmall
                    color: Theme.text
                }
            }
        }
    }
}
