// MqttPublisher: publishes device commands to the cab's MQTT broker through libmosquitto (Debian's
// libmosquitto-dev), without a network thread of its own: every call drives the client's loop itself until
// the broker confirmed the message (PUBACK/PUBCOMP for QoS 1/2, written out for QoS 0) or the timeout
// (MqttConfig::timeoutMs, default 2 s, for connect and publish together) ran out.
//
// Connection: lazy, opened by the first publish() and kept; a connection the broker closed since (stopped,
// keep-alive expired) is noticed before the next publish and opened again once.
// Errors are data: publish() returns false with *error set to a sentence for the screen, e.g.
// "MQTT broker at 127.0.0.1:1883 not reachable (Connection refused)".
// Thread: one thread at a time (the tools thread); blocks the caller at most the timeout. Not copyable.
#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QString>

#include "config/vehicle_config.h"

struct mosquitto;

namespace peregrine::vehicle {

class MqttPublisher {
public:
    explicit MqttPublisher(MqttConfig config);
    ~MqttPublisher();
    MqttPublisher(const MqttPublisher&) = delete;
    MqttPublisher& operator=(const MqttPublisher&) = delete;

    bool publish(const QString& topic, const QByteArray& payload, int qos, bool retain, QString* error);
    bool isConnected() const { return m_connected; }
    QString brokerText() const;  // "127.0.0.1:1883"

private:
    bool connectBroker(const QDeadlineTimer& deadline, QString* error);
    void drop();  // destroys the client (closing its socket)
    static void onConnect(struct mosquitto*, void* self, int rc);
    static void onDisconnect(struct mosquitto*, void* self, int rc);
    static void onPublish(struct mosquitto*, void* self, int mid);

    MqttConfig m_config;
    struct mosquitto* m_mosq = nullptr;
    bool m_connected = false;
    int m_connackCode = -1;  // -1 = no CONNACK yet
    bool m_lost = false;
    int m_lastPublished = 0;  // mid of the last message the broker confirmed
};

}  // namespace peregrine::vehicle
