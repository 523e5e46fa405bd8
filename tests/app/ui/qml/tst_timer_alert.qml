import QtQuick
import QtTest
import Peregrine

// A timer typed in the text box runs without the model (no generation starts), is answered in the
// conversation, fires on time as the banner over the pages, and the banner goes with a tap on OK.
Item {
    id: root

    AppController { id: theApp }

    Component {
        id: mainComponent
        Main { app: theApp; width: 800; height: 480 }
    }

    TestCase {
        name: "TimerAlert"
        when: windowShown

        property var window

        function tap(item) {
            verify(item && item.visible, "item visible")
            var x = item.width / 2, y = item.height / 2
            var t = touchEvent(item)
            t.press(0, item, x, y).commit()
            t.release(0, item, x, y).commit()
        }

        function cleanupTestCase() {
            if (window) window.destroy()
        }

        function initTestCase() {
            theApp.start()
            window = mainComponent.createObject(root)
            verify(window)
            tryVerify(function() { return theApp.conversation.modelReady }, 30000)
            tryVerify(function() { return !theApp.voice.starting }, 20000, "voice started or failed")
            waitForRendering(window.contentItem)
        }

        function test_typedTimerFiresBanner() {
            var banner = findChild(window.contentItem, "alertBanner")
            verify(banner)
            verify(!banner.visible)
            var before = theApp.conversation.messages.count
            findChild(window.contentItem, "messageInput").text = "Set a timer for two seconds"
            tap(findChild(window.contentItem, "sendButton"))
            verify(!theApp.conversation.generating)  // a direct command: the model is not asked
            tryVerify(function() { return theApp.conversation.messages.count === before + 2 }, 5000,
                      "question and answer shown")
            tryVerify(function() { return banner.visible }, 15000, "the timer fired")
            compare(findChild(banner, "alertText").text, "Your 2 second timer is done.")
            compare(theApp.status.alertText, "Your 2 second timer is done.")
            waitForRendering(window.contentItem)
            tap(findChild(banner, "alertDismiss"))
            tryVerify(function() { return !banner.visible }, 2000)
            compare(theApp.status.alertText, "")
        }
    }
}
