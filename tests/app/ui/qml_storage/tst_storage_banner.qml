import QtQuick
import QtTest
import Peregrine

// The conversation page over a history file that is not a database: the storage banner shows the named
// reason in legible text across the page, and the driver can still ask and get an answer (shown, not saved).
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
        name: "StorageBanner"
        when: windowShown

        property var view

        function tap(item) {
            verify(item && item.visible, "tappable")
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
        }

        function cleanupTestCase() {
            if (view) view.destroy()
        }

        function test_1_bannerNamesTheReason() {
            var banner = findChild(view, "storageBanner")
            verify(banner)
            tryVerify(function() { return banner.visible }, 10000, "storage banner shown")
            var text = findChild(banner, "storageText")
            verify(text.text.indexOf("History is not saved") === 0, text.text)
            verify(text.text.indexOf("not a database") > 0 || text.text.indexOf("not open") > 0, text.text)
            verify(text.font.pixelSize >= Theme.fontSmall)
            verify(banner.width >= view.width / 2, "spans the page")
            verify(text.contentHeight <= banner.height, "the reason fits the banner")
        }

        function test_2_answersGoOn() {
            var input = findChild(view, "messageInput")
            input.text = "Once upon a time"
            tap(findChild(view, "sendButton"))
            // The question and the answer's bubble arrive from the conversation thread; then the answer ends.
            tryVerify(function() {
                return app.conversation.messages.count === 2 && !app.conversation.generating
            }, 60000, "answer finished")
            verify(app.conversation.messages.count === 2)
            verify(findChild(view, "storageBanner").visible, "still says history is not saved")
        }
    }
}
