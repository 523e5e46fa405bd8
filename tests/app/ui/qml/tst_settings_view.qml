import QtQuick
import QtTest
import Peregrine

// SettingsView driven by touch: the model list shows details and errors, tapping a model loads it,
// steppers and theme buttons change (and persist) the settings.
Item {
    id: root
    width: 1280
    height: 800

    AppController { id: app }

    Component {
        id: viewComponent
        SettingsView {
            anchors.fill: parent
            settings: app.settings
            conversation: app.conversation
        }
    }

    TestCase {
        name: "SettingsView"
        when: windowShown

        property var view

        function tap(item) {
            verify(item, "item exists")
            // The view is a Flickable: bring the item into view first (cards grow with verifier messages).
            var y = item.mapToItem(view.contentItem, 0, 0).y
            if (y < view.contentY || y + item.height > view.contentY + view.height)
                view.contentY = Math.max(0, Math.min(y, view.contentHeight - view.height))
            wait(0)
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
            tryVerify(function() { return app.settings.models.count > 0 && !app.settings.models.scanning }, 20000)
            tryVerify(function() { return app.conversation.modelReady }, 30000)
        }

        function test_voiceSettingsPersistAndAskForRestart() {
            var off = findChild(view, "voice_off")
            var on = findChild(view, "voice_on")
            verify(off && on, "voice on/off buttons")
            verify(off.height >= Theme.touchTarget)
            tap(off)
            tryVerify(function() { return !app.settings.voiceEnabled })
            verify(app.settings.voiceRestartNeeded)
            tap(on)
            tryVerify(function() { return app.settings.voiceEnabled })
            // The device rows always offer the system default first; a tap steps through what is listed.
            compare(app.settings.inputDevices[0], "")
            compare(app.settings.outputDevices[0], "")
            var mic = findChild(view, "device_input")
            verify(mic, "microphone row")
            var before = app.settings.inputDevice
            tap(mic)
            var list = app.settings.inputDevices
            compare(app.settings.inputDevice, list[(list.indexOf(before) + 1) % list.length])
            compare(app.settings.saveError, "")
        }

        function test_modelListShowsDetails() {
            var card = findChild(view, "model_stories260K.gguf")
            verify(card, "stories260K listed")
            verify(card.valid)
            compare(card.architecture, "llama")
            compare(card.chatTemplate, "chatml")  // stories260K has no template: the fallback
            verify(card.memoryText.length > 0)
            verify(card.current)
            verify(card.height >= Theme.touchTarget)
        }

        // Each row says which runtime runs it; with inference.backend: openai the server is one more row.
        function test_modelRowsNameTheirBackend() {
            var line = findChild(view, "backend_stories260K.gguf")
            verify(line, "backend line of stories260K")
            compare(line.text, "runs on native engine")
            app.settings.models.setBackend("llamacpp", "/opt/llama/libllama.so", "", "")
            tryCompare(findChild(view, "backend_stories260K.gguf"), "text",
                       "runs on llama.cpp (/opt/llama/libllama.so)")
            app.settings.models.setBackend("openai", "", "http://127.0.0.1:9/v1", "llama3")
            tryVerify(function() { return findChild(view, "model_127.0.0.1:9") !== null })
            var server = findChild(view, "model_127.0.0.1:9")
            compare(server.name, "llama3 at 127.0.0.1:9")
            verify(server.valid)
            compare(findChild(view, "backend_127.0.0.1:9").text, "runs on OpenAI-compatible server")
            // a local file keeps running on the engine: a server cannot run it
            compare(findChild(view, "backend_stories260K.gguf").text, "runs on native engine")
            app.settings.models.setBackend("native", "", "", "")
            tryVerify(function() { return findChild(view, "model_127.0.0.1:9") === null })
        }

        // Switching to a server that refuses the connection: the banner names the reason, the model in use
        // stays and still answers.
        function test_deadEndpointKeepsCurrentModel() {
            tryVerify(function() { return !app.settings.switcher.busy }, 30000)
            var before = app.conversation.modelPath
            verify(before.length > 0)
            app.settings.selectModel("openai:http://127.0.0.1:9/v1")
            tryVerify(function() { return app.settings.switcher.lastError.length > 0 }, 30000)
            var banner = findChild(view, "switchErrorBanner")
            tryVerify(function() { return banner.visible })
            var text = findChild(view, "switchErrorText").text
            verify(text.indexOf("127.0.0.1:9") >= 0, text)
            verify(text.indexOf("connection refused") >= 0, text)
            compare(app.conversation.modelPath, before)
            verify(app.conversation.modelReady)
        }

        function test_tapModelLoadsIt() {
            var card = null
            for (var i = 0; i < app.settings.models.count; ++i) {
                var c = findChild(view, "model_tiny-spm-q8_0.gguf")
                if (c) { card = c; break }
            }
            if (!card || !card.valid) skip("tiny-spm-q8_0.gguf not usable here")
            tap(card)
            tryVerify(function() { return app.conversation.modelReady
                                   && app.conversation.modelPath.indexOf("tiny-spm-q8_0") >= 0 }, 30000)
            tap(findChild(view, "model_stories260K.gguf"))
            tryVerify(function() { return app.conversation.modelReady
                                   && app.conversation.modelPath.indexOf("stories260K") >= 0 }, 30000)
        }

        // A switch to a model that does not verify: the banner gives the reason, the model in use stays and
        // still answers.
        function test_failingSwitchKeepsCurrentModel() {
            tryVerify(function() { return !app.settings.switcher.busy }, 30000)
            var before = app.conversation.modelPath
            verify(before.length > 0)
            app.settings.selectModel(app.settings.modelsDir + "/no-such-model.gguf")
            tryVerify(function() { return app.settings.switcher.lastError.length > 0 }, 30000)
            var banner = findChild(view, "switchErrorBanner")
            tryVerify(function() { return banner.visible })
            verify(findChild(view, "switchErrorText").text.indexOf("no-such-model.gguf") >= 0)
            compare(app.conversation.modelPath, before)
            verify(app.conversation.modelReady)
            var rows = app.conversation.messages.count
            verify(app.conversation.send("Hello"))
            tryVerify(function() {
                return app.conversation.messages.count === rows + 2 && !app.conversation.generating
            }, 60000, "answer finished")
            compare(app.conversation.error, "")
        }

        function test_steppersChangeSettings() {
            var threads = findChild(view, "threadsStepper")
            var before = app.settings.threads
            tap(findChild(threads, "increase"))
            compare(app.settings.threads, before + 1)
            tap(findChild(threads, "decrease"))
            compare(app.settings.threads, before)

            var maxTokens = findChild(view, "maxTokensStepper")
            tap(findChild(maxTokens, "increase"))
            compare(app.settings.maxTokens, 64)  // 48 -> next step

            var temperature = findChild(view, "temperatureStepper")
            tap(findChild(temperature, "increase"))
            compare(app.settings.temperature, 0.1)
            compare(app.settings.saveError, "")
        }

        function test_themeAndTextSize() {
            tap(findChild(view, "theme_night"))
            compare(app.settings.theme, "night")
            verify(app.settings.night)
            tap(findChild(view, "theme_day"))
            verify(!app.settings.night)
            tap(findChild(findChild(view, "textScaleStepper"), "increase"))
            compare(app.settings.textScale, 1.1)
        }
    }
}
