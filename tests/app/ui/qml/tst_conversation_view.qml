import QtQuick
import QtTest
import Peregrine

// ConversationView driven by touch: talk button disabled with its reason, send streams an answer, stop
// cancels at once, new conversation, and reopening a past conversation from the history drawer.
Item {
    id: root
    width: 800
    height: 480

    AppController { id: app }

    Component {
        id: viewComponent
        ConversationView {
            anchors.fill: parent
            conversation: app.conversation
            settings: app.settings
            voice: app.voice
            talkAvailable: app.talkAvailable
            talkReason: app.talkUnavailableReason
            recommendedModels: app.recommendedModels
        }
    }

    TestCase {
        name: "ConversationView"
        when: windowShown

        property var view

        function tap(item) {
            verify(item, "item exists")
            verify(item.visible, item.objectName + " visible")
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
            verify(view)
            tryVerify(function() { return app.conversation.modelReady }, 30000, "model loaded")
            waitForRendering(view)
            wait(100)  // let the layouts settle before touching
        }

        // Without an audio device (CI, no PulseAudio) the button is drawn disabled with the device error as
        // its reason and a tap shows it; with one it is available. Either way typing keeps working.
        function test_1_talkButtonAvailableOrWithReason() {
            var talk = findChild(view, "talkButton")
            tryVerify(function() { return !app.voice.starting }, 20000, "voice started or failed")
            verify(talk.height >= Theme.touchTarget)
            // The voice state reaches QML as the loop's enum, not as words.
            compare(app.voice.state, VoiceLoop.Idle)
            compare(view.voiceState, VoiceLoop.Idle)
            verify(VoiceLoop.Listening !== VoiceLoop.Idle && VoiceLoop.Speaking !== undefined)
            compare(talk.available, app.voice.available)
            if (talk.available) {
                compare(talk.reason, "")
                return
            }
            verify(talk.reason.length > 0)
            verify(talk.reason !== "Starting voice…")
            tap(talk)
            tryVerify(function() { return findChild(talk, "talkHint").visible }, 2000)
            verify(findChild(view, "messageInput").enabled)
        }

        function test_2_sendStreamsAnAnswer() {
            var input = findChild(view, "messageInput")
            var send = findChild(view, "sendButton")
            verify(!send.enabled)  // nothing typed yet
            input.text = "Once upon a time"
            verify(send.enabled)
            verify(send.width >= Theme.touchTarget && send.height >= Theme.touchTarget)
            var started = 0
            var seen = function() { if (app.conversation.generating) started++ }
            app.conversation.generatingChanged.connect(seen)
            tap(send)
            compare(input.text, "")
            // The question goes to the conversation thread; the mirror shows the answer starting, then ending.
            tryVerify(function() { return started > 0 }, 5000, "answer started")
            tryVerify(function() { return !app.conversation.generating }, 60000, "answer finished")
            app.conversation.generatingChanged.disconnect(seen)
            var list = findChild(view, "messageList")
            compare(list.count, 2)
            verify(app.conversation.messages.count === 2)
            verify(app.conversation.conversationId > 0)
            verify(findChild(view, "sendButton").visible)
            // deep_think.enabled is false in this config: no deep-think button, and the answer has no badge.
            verify(!app.conversation.deepThinkEnabled)
            verify(!findChild(view, "deepThinkButton").visible)
            verify(!findChild(list.itemAtIndex(1), "deepThinkBadge").visible)
        }

        function test_3_stopCancelsAtOnce() {
            // The tiny model answers in milliseconds: stop is tapped as soon as the page shows the answer
            // running, as a driver would.
            var stopped = false
            var stillGenerating = true
            var stopWhenRunning = function() {
                if (!app.conversation.generating || stopped)
                    return
                stopped = true
                tap(findChild(view, "stopButton"))
                stillGenerating = app.conversation.generating
            }
            app.conversation.generatingChanged.connect(stopWhenRunning)
            findChild(view, "messageInput").text = "Tell me a story"
            tap(findChild(view, "sendButton"))
            tryVerify(function() { return stopped }, 5000, "the answer started and stop was tapped")
            app.conversation.generatingChanged.disconnect(stopWhenRunning)
            verify(!stillGenerating, "stopped without waiting for the engine")
            verify(findChild(view, "sendButton").visible)
            wait(300)  // a cancelled answer is stored when the worker confirms
        }

        function test_4_newConversationAndReopen() {
            var previous = app.conversation.conversationId
            verify(previous > 0)
            tap(findChild(view, "newConversationButton"))
            tryCompare(app.conversation, "conversationId", 0, 2000)
            compare(app.conversation.messages.count, 0)

            tap(findChild(view, "historyButton"))  // narrow: history is a drawer
            var drawer = findChild(view, "historyDrawer")
            tryVerify(function() { return drawer.opened }, 2000)
            var entry = null
            tryVerify(function() {
                entry = findChild(drawer.contentItem, "conversation_" + previous)
                return entry !== null && entry.visible
            }, 2000)
            wait(100)
            tap(entry)
            tryCompare(app.conversation, "conversationId", previous, 2000)
            // The rows come back from the storage thread.
            tryVerify(function() { return app.conversation.messages.count >= 2 }, 2000)
            tryVerify(function() { return !drawer.visible }, 2000)
        }
    }
}
