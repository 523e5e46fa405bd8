#include "vehicle/device_tools.h"

#include <QJsonArray>
#include <QLocale>

namespace peregrine::vehicle {

namespace {

QJsonObject deviceProperty(const DeviceSwitcher& s) {
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                       {QStringLiteral("enum"), QJsonArray::fromStringList(s.deviceNames())}};
}

tools::ToolResult unknownDevice(const DeviceSwitcher& s, const QString& name) {
    tools::ToolResult r;
    r.say = name.isEmpty()
                ? QStringLiteral("Which device? I know %1.").arg(s.deviceNames().join(QStringLiteral(", ")))
                : QStringLiteral("There is no device called %1.").arg(name);
    r.data = QJsonObject{{QStringLiteral("error"), QStringLiteral("unknown device")},
                         {QStringLiteral("devices"), QJsonArray::fromStringList(s.deviceNames())}};
    return r;
}

QString capitalised(const QString& s) {
    return s.isEmpty() ? s : s.left(1).toUpper() + s.mid(1);
}

}  // namespace

SwitchDeviceTool::SwitchDeviceTool(std::shared_ptr<DeviceSwitcher> switcher)
    : m_switcher(std::move(switcher)) {}

QString SwitchDeviceTool::description() const {
    return QStringLiteral("Switch a device of the vehicle on or off (for the awning, on = out, off = in).");
}

QJsonObject SwitchDeviceTool::parameters() const {
    const QJsonObject state{
        {QStringLiteral("type"), QStringLiteral("string")},
        {QStringLiteral("enum"), QJsonArray{QStringLiteral("on"), QStringLiteral("off")}}};
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"), QJsonObject{{QStringLiteral("device"), deviceProperty(*m_switcher)},
                                                   {QStringLiteral("state"), state}}},
        {QStringLiteral("required"), QJsonArray{QStringLiteral("device"), QStringLiteral("state")}}};
}

bool SwitchDeviceTool::needsConfirmation(const QJsonObject& arguments) const {
    const DeviceConfig* d = m_switcher->find(arguments.value(QStringLiteral("device")).toString());
    const QString state = arguments.value(QStringLiteral("state")).toString();
    return d && (state == QLatin1String("on") || state == QLatin1String("off")) &&
           DeviceSwitcher::needsConfirmation(*d, state == QLatin1String("on"));
}

QString SwitchDeviceTool::confirmationPrompt(const QJsonObject& arguments) const {
    const DeviceConfig* d = m_switcher->find(arguments.value(QStringLiteral("device")).toString());
    if (!d) return {};
    const bool on = arguments.value(QStringLiteral("state")).toString() == QLatin1String("on");
    if (d->kind == DeviceKind::Awning)
        return on ? QStringLiteral("Extend the %1?").arg(d->name)
                  : QStringLiteral("Retract the %1?").arg(d->name);
    return QStringLiteral("Turn the %1 %2?").arg(d->name, on ? QStringLiteral("on") : QStringLiteral("off"));
}

tools::ToolResult SwitchDeviceTool::invoke(const QJsonObject& arguments) {
    const QString name = arguments.value(QStringLiteral("device")).toString();
    const DeviceConfig* d = m_switcher->find(name);
    if (!d) return unknownDevice(*m_switcher, name);
    const QString state = arguments.value(QStringLiteral("state")).toString();
    if (state != QLatin1String("on") && state != QLatin1String("off")) {
        tools::ToolResult r;
        r.say = QStringLiteral("Should the %1 go on or off?").arg(d->name);
        r.data = QJsonObject{{QStringLiteral("error"), QStringLiteral("state must be on or off")}};
        return r;
    }
    QString source = arguments.value(QStringLiteral("source")).toString();
    if (source != QLatin1String("voice") && source != QLatin1String("cli")) source = QStringLiteral("model");
    const bool on = state == QLatin1String("on");
    const SwitchOutcome out = m_switcher->switchDevice(*d, on, source);

    tools::ToolResult r;
    r.ok = out.ok;
    r.say =
        out.ok
            ? capitalised(d->name) + QLatin1Char(' ') + stateWord(*d, on) + QLatin1Char('.')
            : QStringLiteral("I could not switch the %1 %2: %3.").arg(d->name, stateWord(*d, on), out.error);
    r.data =
        QJsonObject{{QStringLiteral("device"), d->name},
                    {QStringLiteral("state"), state},
                    {QStringLiteral("transport"),
                     d->transport == DeviceTransport::Mqtt ? QStringLiteral("mqtt") : QStringLiteral("can")},
                    {QStringLiteral("sent"), out.sent},
                    {QStringLiteral("detail"), out.detail}};
    if (!out.ok) r.data.insert(QStringLiteral("error"), out.error);
    return r;
}

DeviceStatusTool::DeviceStatusTool(std::shared_ptr<DeviceSwitcher> switcher)
    : m_switcher(std::move(switcher)) {}

QString DeviceStatusTool::description() const {
    return QStringLiteral(
        "Tell what the assistant last switched a vehicle device to (the device itself is not read back).");
}

QJsonObject DeviceStatusTool::parameters() const {
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"), QJsonObject{{QStringLiteral("device"), deviceProperty(*m_switcher)}}},
        {QStringLiteral("required"), QJsonArray{}}};
}

tools::ToolResult DeviceStatusTool::invoke(const QJsonObject& arguments) {
    QList<const DeviceConfig*> asked;
    const QString name = arguments.value(QStringLiteral("device")).toString();
    if (!name.isEmpty()) {
        const DeviceConfig* d = m_switcher->find(name);
        if (!d) return unknownDevice(*m_switcher, name);
        asked << d;
    } else {
        for (const DeviceConfig& d : m_switcher->devices()) asked << &d;
    }
    tools::ToolResult r;
    r.ok = true;
    QStringList sentences;
    QJsonArray states;
    for (const DeviceConfig* d : asked) {
        const std::optional<DeviceState> s = m_switcher->lastState(d->name);
        QJsonObject o{{QStringLiteral("device"), d->name},
                      {QStringLiteral("state"), s ? (s->on ? QStringLiteral("on") : QStringLiteral("off"))
                                                  : QStringLiteral("unknown")}};
        if (s) {
            o.insert(QStringLiteral("at"), s->at.toString(Qt::ISODate));
            sentences << QStringLiteral("I switched the %1 %2 at %3.")
                             .arg(d->name, stateWord(*d, s->on),
                                  QLocale::c().toString(s->at.toLocalTime().time(), QStringLiteral("HH:mm")));
        } else {
            sentences << QStringLiteral("I have not switched the %1 since I started.").arg(d->name);
        }
        states.append(o);
    }
    r.say = sentences.join(QLatin1Char(' '));
    r.data = QJsonObject{{QStringLiteral("devices"), states}};
    return r;
}

}  // namespace peregrine::vehicle
