import QtQuick
import QtTest
import Peregrine

// ConversationView with deep think on (a --config layer from tst_ui.cpp: the endpoint is a loopback port where
// nothing listens): the "Deep think" button sits beside send at glove size, needs typed text, and sends it to
// the endpoint; the answer's bubble carries the "Deep think · big-model" badge and the named failure shows on
// the error line; the typed question is not answered by the local model.
Item {
    id: root
    width: 800
    height: 480

    AppController {
        id: app
        configFile: deepThinkConfigFile
    }

    Component {
        id: viewComponent
        ConversationView {
            anchors.fill: parent
            conversation: app.conversation
            settings: app.settings
            voice: app.voice
            talkAvailable: app.talkAvailable
            talkReason: app.talkUnavailableReason
        }
    }

    TestCase {
        name: "ConversationDeepThink"
        when: windowShown

        property var view

        function tap(item) {
            verify(item, "item exists")
            verify(item.visible, item.objectName + " visible")
            var t = touchEvent(item)
            t.press(0, item, item.width / 2, item.height / 2).commit()
            t.release(0, item, item.width / 2, item.height / 2).commit()
        }

        function initTestCase() {
            app.start()
            view = viewComponent.createObject(root)
            verify(view)
            tryVerify(function() { return app.conversation.modelReady }, 30000, "model loaded")
            waitForRendering(view)
            wait(100)
        }

        function cleanupTestCase() {
            if (view) view.destroy()
        }

        function test_buttonSendsToTheEndpoint() {
            verify(app.conversation.deepThinkEnabled)
            var button = findChild(view, "deepThinkButton")
            verify(button.visible)
            verify(button.width >= Theme.touchTarget && button.height >= Theme.touchTarget)
            verify(!button.enabled, "nothing typed yet")
            var input = findChild(view, "messageInput")
            input.text = "Plan the fastest route to Lyon"
            verify(button.enabled)
            tap(button)
            compare(input.text, "")
            tryVerify(function() {
                return app.conversation.messages.count === 2 && !app.conversation.generating
                       && app.conversation.error.length > 0
            }, 20000, "the remote answer ended")
            var banner = findChild(view, "errorBanner")
            tryVerify(function() { return banner.visible }, 2000)
            verify(app.conversation.error.indexOf("Deep think failed: cannot reach the server at "
                                                  + "http://127.0.0.1:1/v1: connection refused") === 0,
                   app.conversation.error)
            compare(app.conversation.messages.count, 2)  // the question and the failed remote answer only
            var list = findChild(view, "messageList")
            var answer = list.itemAtIndex(1)
            verify(answer)
            verify(findChild(answer, "deepThinkBadge").visible)
            compare(findChild(answer, "deepThinkBadgeText").text, "Deep think · big-model")
        }
    }
}
