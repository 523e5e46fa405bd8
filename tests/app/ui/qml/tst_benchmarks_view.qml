import QtQuick
import QtTest
import Peregrine

// BenchmarksView: switching the chart metric and running a benchmark in the background by touch.
Item {
    id: root
    width: 1280
    height: 800

    AppController { id: app }

    Component {
        id: viewComponent
        BenchmarksView {
            anchors.fill: parent
            benchmarks: app.benchmarks
            conversation: app.conversation
        }
    }

    TestCase {
        name: "BenchmarksView"
        when: windowShown

        property var view

        function tap(item) {
            verify(item, "item exists")
            var x = item.width / 2, y = item.height / 2
            var t = touchEvent(item)
            t.press(0, item, x, y).commit()
            t.release(0, item, x, y).commit()
        }

        function cleanupTestCase() {
            if (view) view.destroy()
        }

        function initTestCase() {
            app.start()
            view = viewComponent.createObject(root)
            tryVerify(function() { return app.conversation.modelReady }, 30000)
        }

        function test_metricButtons() {
            tap(findChild(view, "metric_ttft"))
            compare(view.metric, "ttft")
            tap(findChild(view, "metric_prompt"))
            compare(view.metric, "prompt")
            tap(findChild(view, "metric_decode"))
            compare(view.metric, "decode")
        }

        function test_runBenchmarkInBackground() {
            var before = app.benchmarks.runs.count
            var run = findChild(view, "runBenchmark")
            verify(run.enabled)
            tap(run)
            verify(app.benchmarks.running)
            verify(!run.enabled)
            tryVerify(function() { return !app.benchmarks.running }, 120000, "benchmark finished")
            // the stored run comes back from the storage thread after running has gone false
            tryCompare(app.benchmarks.runs, "count", before + 1, 10000)
            // newest first: the run names the runtime that ran it
            tryVerify(function() { var t = findChild(view, "runTitle_0"); return t && t.text.indexOf("native engine") >= 0 })
            verify(app.benchmarks.status.indexOf("tok/s") >= 0, app.benchmarks.status)
            verify(findChild(view, "chartCanvas").available)
        }
    }
}
