import QtQuick
import QtQuick.Layouts
import Peregrine

// A touch-friendly number setting: [-] value [+], glove-size buttons. values: the allowed steps in order
// (e.g. [512, 1024, 2048]); or from/to/stepSize for a range. valueText formats the value.
RowLayout {
    id: stepper

    property real value: 0
    property var values: []
    property real from: 0
    property real to: 100
    property real stepSize: 1
    property int decimals: 0
    property var valueText: function(v) { return Number(v).toFixed(stepper.decimals) }
    signal moved(real newValue)

    spacing: Theme.spacing

    function indexOfValue() {
        for (var i = 0; i < values.length; ++i)
            if (values[i] >= value) return i
        return values.length - 1
    }
    function step(direction) {
        var v
        if (values.length > 0) {
            var i = indexOfValue()
            // On a step: move one step. Between steps (a value from the config file): up goes to the step
            // just above (values[i]), down to the one just below.
            var target = values[i] === value ? i + direction : (direction > 0 ? i : i - 1)
            v = values[Math.max(0, Math.min(values.length - 1, target))]
        } else {
            v = Math.max(from, Math.min(to, Math.round((value + direction * stepSize) / stepSize) * stepSize))
        }
        if (v !== value) moved(v)
    }

    TouchButton {
        objectName: "decrease"
        text: "−"
        font.pixelSize: Theme.fontLarge
        enabled: stepper.values.length > 0 ? stepper.value > stepper.values[0] : stepper.value > stepper.from
        onClicked: stepper.step(-1)
    }
    Text {
        objectName: "valueLabel"
        Layout.minimumWidth: Theme.touchTarget * 1.6
        horizontalAlignment: Text.AlignHCenter
        text: stepper.valueText(stepper.value)
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fontBody
        font.bold: true
        color: Theme.text
    }
    TouchButton {
        objectName: "increase"
        text: "+"
        font.pixelSize: Theme.fontLarge
        enabled: stepper.values.length > 0 ? stepper.value < stepper.values[stepper.values.length - 1]
                                           : stepper.value < stepper.to
        onClicked: stepper.step(1)
    }
}
