#include "vehicle/device_phrases.h"

#include <QRegularExpression>
#include <QSet>

namespace peregrine::vehicle {

namespace {

const QSet<QString>& fillers() {
    static const QSet<QString> words{"the", "please", "peregrine", "hey",    "ok",   "okay", "now",  "could",
                                     "can", "would",  "will",      "you",    "my",   "our",  "a",    "an",
                                     "for", "me",     "us",        "kindly", "just", "go",   "ahead"};
    return words;
}

const QSet<QString>& verbs() {
    static const QSet<QString> words{"turn", "switch", "put", "set", "power"};
    return words;
}

QString singular(const QString& w) {
    if (w.size() > 3 && w.endsWith(QLatin1Char('s')) && !w.endsWith(QLatin1String("ss"))) return w.chopped(1);
    return w;
}

}  // namespace

QStringList DevicePhrases::normalise(const QString& text) {
    static const QRegularExpression nonWord(QStringLiteral("[^a-z0-9']+"));
    QStringList out;
    for (const QString& w : text.toLower().split(nonWord, Qt::SkipEmptyParts)) {
        if (fillers().contains(w)) continue;
        out << singular(w);
    }
    return out;
}

DevicePhrases::DevicePhrases(const QList<DeviceConfig>& devices) {
    QHash<QString, int> heads;  // last word -> device, -2 when several devices share it
    for (const DeviceConfig& d : devices) {
        const int index = static_cast<int>(m_devices.size());
        m_devices << Device{d.name, d.kind};
        for (const QString& n : QStringList{d.name} + d.aliases) {
            const QStringList words = normalise(n);
            if (words.isEmpty()) continue;
            m_phrases.insert(words.join(QLatin1Char(' ')), index);
            const QString head = words.last();
            heads.insert(head, heads.contains(head) && heads.value(head) != index ? -2 : index);
        }
    }
    for (auto it = heads.cbegin(); it != heads.cend(); ++it)
        if (it.value() >= 0 && !m_phrases.contains(it.key())) m_phrases.insert(it.key(), it.value());
}

int DevicePhrases::deviceFor(const QStringList& words) const {
    if (words.isEmpty()) return -1;
    return m_phrases.value(words.join(QLatin1Char(' ')), -1);
}

int DevicePhrases::stateOf(const QString& word, int device) const {
    if (word == QLatin1String("on")) return 1;
    if (word == QLatin1String("off")) return 0;
    if (m_devices[device].kind == DeviceKind::Awning) {
        if (word == QLatin1String("out")) return 1;
        if (word == QLatin1String("in")) return 0;
    }
    return -1;
}

std::optional<tools::ToolCall> DevicePhrases::call(int device, bool on) const {
    return tools::ToolCall{
        QStringLiteral("switch_device"),
        QJsonObject{{QStringLiteral("device"), m_devices[device].name},
                    {QStringLiteral("state"), on ? QStringLiteral("on") : QStringLiteral("off")},
                    {QStringLiteral("source"), QStringLiteral("voice")}}};
}

std::optional<tools::ToolCall> DevicePhrases::match(const QString& transcript) const {
    QStringList words = normalise(transcript);
    if (words.size() < 2 || m_devices.isEmpty()) return std::nullopt;

    // extend/retract (awning), start/stop (pump, heater, inverter) + DEVICE
    const QString first = words.first();
    const int lead = deviceFor(words.mid(1));
    if (lead >= 0) {
        const DeviceKind kind = m_devices[lead].kind;
        if (kind == DeviceKind::Awning &&
            (first == QLatin1String("extend") || first == QLatin1String("retract")))
            return call(lead, first == QLatin1String("extend"));
        if ((kind == DeviceKind::WaterPump || kind == DeviceKind::Heater || kind == DeviceKind::Inverter) &&
            (first == QLatin1String("start") || first == QLatin1String("stop")))
            return call(lead, first == QLatin1String("start"));
    }

    if (verbs().contains(first)) words.removeFirst();
    if (words.size() < 2) return std::nullopt;
    // STATE DEVICE
    const int afterState = deviceFor(words.mid(1));
    if (afterState >= 0) {
        const int s = stateOf(words.first(), afterState);
        if (s >= 0) return call(afterState, s == 1);
    }
    // DEVICE STATE
    const int beforeState = deviceFor(words.mid(0, words.size() - 1));
    if (beforeState >= 0) {
        const int s = stateOf(words.last(), beforeState);
        if (s >= 0) return call(beforeState, s == 1);
    }
    return std::nullopt;
}

}  // namespace peregrine::vehicle
