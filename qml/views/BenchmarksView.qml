import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Peregrine

// Benchmarks: decode tok/s, prompt tok/s or time to first token per model over time, the stored runs, and a
// button that measures the current model in the background (the UI stays live while it runs).
Item {
    id: view

    required property BenchmarkController benchmarks
    required property ConversationController conversation

    property string metric: "decode"
    readonly property bool wide: width >= Theme.touchTarget * 14
    readonly property var metricUnits: ({ decode: qsTr("tok/s"), prompt: qsTr("tok/s"), ttft: qsTr("ms") })

    function refreshChart() {
        chart.series = benchmarks.runs.series(metric)
        chart.maxValue = benchmarks.runs.maxValue(metric)
    }
    onMetricChanged: refreshChart()
    Component.onCompleted: refreshChart()
    Connections {
        target: view.benchmarks.runs
        function onCountChanged() { view.refreshChart() }
    }

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.padding
        columns: view.wide ? 2 : 1
        columnSpacing: Theme.padding * 2
        rowSpacing: Theme.spacing

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 3
            spacing: Theme.spacing

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                Repeater {
                    model: [{ key: "decode", name: qsTr("Answer speed") }, { key: "prompt", name: qsTr("Prompt") },
                            { key: "ttft", name: qsTr("First token") }]
                    TouchButton {
                        required property var modelData
                        objectName: "metric_" + modelData.key
                        text: modelData.name
                        font.pixelSize: Theme.fontSmall
                        kind: view.metric === modelData.key ? "primary" : "plain"
                        onClicked: view.metric = modelData.key
                    }
                }
                Item { Layout.fillWidth: true }
            }
            Text {
                text: view.metric === "ttft" ? qsTr("Time to first token (ms, lower is better)")
                                             : qsTr("Tokens per second (higher is better)")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
            }
            BenchmarkChart {
                id: chart
                Layout.fillWidth: true
                Layout.fillHeight: true
                unit: view.metricUnits[view.metric]
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 2
            Layout.maximumHeight: view.wide ? -1 : view.height * 0.42
            spacing: Theme.spacing

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                TouchButton {
                    objectName: "runBenchmark"
                    kind: "primary"
                    iconName: "chart"
                    text: view.benchmarks.running ? qsTr("Running…") : qsTr("Run benchmark")
                    enabled: !view.benchmarks.running && view.conversation.modelReady && !view.conversation.generating
                    onClicked: view.benchmarks.run()
                }
                BusyIndicator {
                    running: view.benchmarks.running
                    visible: running
                    implicitWidth: Theme.touchTarget * 0.8
                    implicitHeight: implicitWidth
                }
            }
            Text {
                objectName: "benchmarkStatus"
                Layout.fillWidth: true
                visible: text.length > 0
                text: view.benchmarks.status
                wrapMode: Text.WordWrap
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fontSmall
                color: Theme.text
            }
            ListView {
                objectName: "runList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: Theme.spacing / 2
                model: view.benchmarks.runs
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar { width: Theme.spacing * 1.5 }
                delegate: Rectangle {
                    id: runRow
                    required property string modelName
                    required property string when
                    required property string summary
                    required property string backendText
                    required property int index
                    width: ListView.view.width
                    implicitHeight: runText.implicitHeight + 2 * Theme.spacing
                    radius: Theme.radius / 2
                    color: Theme.surface
                    border.color: Theme.border
                    Column {
                        id: runText
                        x: Theme.padding
                        y: Theme.spacing
                        width: parent.width - 2 * Theme.padding
                        Text {
                            objectName: "runTitle_" + runRow.index
                            width: parent.width
                            // The runtime sits beside the model: native and llama.cpp runs of one model
                            // read side by side.
                            text: runRow.modelName + "  ·  " + runRow.backendText + "  ·  " + runRow.when
                            elide: Text.ElideRight
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fontSmall
                            font.bold: true
                            color: Theme.text
                        }
                        Text {
                            width: parent.width
                            text: runRow.summary
                            wrapMode: Text.WordWrap
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                        }
                    }
                }
            }
        }
    }
}
