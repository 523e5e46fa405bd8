// DevicePhrases: the cab commands that switch a configured device without the language model. Recognised
// shapes (after dropping the polite and filler words "the", "please", "peregrine", "hey", "can you", ...):
//   [turn|switch|put|set|power] STATE DEVICE     "turn on the cabin lights", "switch off the water pump"
//   [turn|switch|put|set|power] DEVICE STATE     "lights on", "turn the heater off", "awning out"
//   extend|retract DEVICE (awning), start|stop DEVICE (pump, heater, inverter)
// STATE is on/off; an awning also takes out/in. DEVICE is a configured name or alias, or the last word of a
// name when no other device ends in that word ("pump" for "water pump"); plurals are folded ("light" =
// "lights"). The whole transcript must be one of these: "turn on the radio" and "lights on the left side
// are broken" do not match.
//
// Thread: match() is const and thread-safe (tables built in the constructor). Cost: microseconds.
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include "config/vehicle_config.h"
#include "tools/tool.h"

namespace peregrine::vehicle {

class DevicePhrases : public tools::DirectCommand {
public:
    explicit DevicePhrases(const QList<DeviceConfig>& devices);
    // A switch_device call {"device", "state", "source": "voice"}, or nullopt.
    std::optional<tools::ToolCall> match(const QString& transcript) const override;

    // Lower case words without punctuation or filler words, plurals folded (also used on names).
    static QStringList normalise(const QString& text);

private:
    struct Device {
        QString name;
        DeviceKind kind;
    };
    std::optional<tools::ToolCall> call(int device, bool on) const;
    int deviceFor(const QStringList& words) const;  // -1 when the words name no device
    // The state a word sets on device (1 on, 0 off, -1 not a state word for it).
    int stateOf(const QString& word, int device) const;

    QList<Device> m_devices;
    QHash<QString, int> m_phrases;  // normalised name/alias/head word -> index in m_devices
};

}  // namespace peregrine::vehicle
