import QtQuick
import QtTest
import Peregrine

// MessageBubble's deep-think badge: shown above an answer that carries one ("Deep think · <model>"), in bold
// text no smaller than the stats line, whole (not elided) at the narrowest window, and never on a question
// or a local answer.
Item {
    id: root
    width: 800
    height: 480

    Component {
        id: bubbleComponent
        MessageBubble {
            width: 760
            role: "assistant"
            text: "Rayleigh scattering: shorter wavelengths scatter more."
            streaming: false
            stats: "first token 900 ms · 31.0 tok/s · 12 tokens"
            badge: ""
            toolLine: ""
        }
    }

    TestCase {
        name: "MessageBubble"
        when: windowShown

        function makeBubble(props) {
            var b = createTemporaryObject(bubbleComponent, root, props)
            verify(b)
            waitForRendering(b)
            return b
        }

        // The tool line: under an answer that called tools, above the stats; never on a question.
        function test_toolLineUnderAnAnswer() {
            var plain = makeBubble({})
            compare(findChild(plain, "toolLine").visible, false)
            var b = makeBubble({ toolLine: "set_timer(minutes: 5) → Timer set for 5 minutes." })
            var line = findChild(b, "toolLine")
            verify(line.visible)
            verify(line.text.indexOf("set_timer(minutes: 5)") >= 0)
            verify(b.implicitHeight > plain.implicitHeight)
            var question = makeBubble({ role: "user", toolLine: "x() → done" })
            compare(findChild(question, "toolLine").visible, false)
        }

        function test_badgeOnADeepThinkAnswer() {
            var plain = makeBubble({})
            var b = makeBubble({ badge: "Deep think · qwen2.5-32b-instruct" })
            var badge = findChild(b, "deepThinkBadge")
            var label = findChild(b, "deepThinkBadgeText")
            verify(badge.visible)
            compare(label.text, "Deep think · qwen2.5-32b-instruct")
            verify(label.font.bold)
            verify(label.font.pixelSize >= Theme.fontSmall)
            verify(!label.truncated, "the badge is not elided")
            verify(badge.height >= label.implicitHeight)
            // The badge takes room above the answer instead of covering it.
            verify(b.implicitHeight >= plain.implicitHeight + badge.height)
        }

        function test_noBadgeOnQuestionsOrLocalAnswers() {
            verify(!findChild(makeBubble({}), "deepThinkBadge").visible)
            verify(!findChild(makeBubble({ role: "user", badge: "Deep think · x" }), "deepThinkBadge").visible)
        }
    }
}
