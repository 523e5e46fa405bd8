#include "vehicle/mqtt_publisher.h"

#include <mosquitto.h>

#include <QDeadlineTimer>
#include <cerrno>
#include <cstring>
#include <mutex>

#include "backends/api_key_file.h"
#include "vehicle/vehicle_log.h"

namespace peregrine::vehicle {

namespace {

constexpr int kKeepAliveS = 60;
constexpr int kLoopSliceMs = 50;

void initLibrary() {
    static std::once_flag once;
    std::call_once(once, [] { mosquitto_lib_init(); });  // never cleaned up: other clients may exist
}

QString reason(int rc) {
    if (rc == MOSQ_ERR_ERRNO) return QString::fromLocal8Bit(std::strerror(errno));
    return QString::fromUtf8(mosquitto_strerror(rc));
}

}  // namespace

MqttPublisher::MqttPublisher(MqttConfig config) : m_config(std::move(config)) {}

MqttPublisher::~MqttPublisher() {
    if (m_mosq && m_connected) mosquitto_disconnect(m_mosq);
    drop();
}

QString MqttPublisher::brokerText() const {
    return m_config.host + QLatin1Char(':') + QString::number(m_config.port);
}

void MqttPublisher::drop() {
    if (m_mosq) mosquitto_destroy(m_mosq);
    m_mosq = nullptr;
    m_connected = false;
}

void MqttPublisher::onConnect(struct mosquitto*, void* self, int rc) {
    auto* p = static_cast<MqttPublisher*>(self);
    p->m_connackCode = rc;
    p->m_connected = rc == 0;
}

void MqttPublisher::onDisconnect(struct mosquitto*, void* self, int) {
    auto* p = static_cast<MqttPublisher*>(self);
    p->m_connected = false;
    p->m_lost = true;
}

void MqttPublisher::onPublish(struct mosquitto*, void* self, int mid) {
    static_cast<MqttPublisher*>(self)->m_lastPublished = mid;
}

bool MqttPublisher::connectBroker(const QDeadlineTimer& deadline, QString* error) {
    drop();
    initLibrary();
    const QString unreachable = QStringLiteral("MQTT broker at %1 not reachable").arg(brokerText());
    const QByteArray clientId = m_config.clientId.toUtf8();
    m_mosq = mosquitto_new(clientId.isEmpty() ? nullptr : clientId.constData(), true, this);
    if (!m_mosq) {
        *error = unreachable + QStringLiteral(" (cannot create an MQTT client: out of memory)");
        return false;
    }
    mosquitto_connect_callback_set(m_mosq, &MqttPublisher::onConnect);
    mosquitto_disconnect_callback_set(m_mosq, &MqttPublisher::onDisconnect);
    mosquitto_publish_callback_set(m_mosq, &MqttPublisher::onPublish);
    if (!m_config.username.isEmpty()) {
        std::string password;
        if (!m_config.passwordFile.isEmpty()) {
            Result<std::string> pw = readApiKeyFile(m_config.passwordFile);
            if (!pw.isOk()) {
                *error = QStringLiteral("MQTT password: ") + QString::fromStdString(pw.message());
                drop();
                return false;
            }
            password = pw.value();
        }
        mosquitto_username_pw_set(m_mosq, m_config.username.toUtf8().constData(),
                                  m_config.passwordFile.isEmpty() ? nullptr : password.c_str());
    }
    m_connackCode = -1;
    m_lost = false;
    int rc = mosquitto_connect_async(m_mosq, m_config.host.toUtf8().constData(), m_config.port, kKeepAliveS);
    if (rc != MOSQ_ERR_SUCCESS) {
        *error = unreachable + QStringLiteral(" (") + reason(rc) + QLatin1Char(')');
        drop();
        return false;
    }
    while (m_connackCode < 0) {
        const qint64 left = deadline.remainingTime();
        if (left <= 0) {
            *error = unreachable + QStringLiteral(" (no answer within %1 ms)").arg(m_config.timeoutMs);
            drop();
            return false;
        }
        rc = mosquitto_loop(m_mosq, static_cast<int>(std::min<qint64>(left, kLoopSliceMs)), 1);
        if (rc != MOSQ_ERR_SUCCESS && m_connackCode < 0) {
            *error = unreachable + QStringLiteral(" (") + reason(rc) + QLatin1Char(')');
            drop();
            return false;
        }
    }
    if (m_connackCode != 0) {
        *error = QStringLiteral("MQTT broker at %1 refused the connection (%2)")
                     .arg(brokerText(), QString::fromUtf8(mosquitto_connack_string(m_connackCode)));
        drop();
        return false;
    }
    qCInfo(lcVehicle).noquote() << "connected to the MQTT broker at" << brokerText();
    return true;
}

bool MqttPublisher::publish(const QString& topic, const QByteArray& payload, int qos, bool retain,
                            QString* error) {
    QString ignored;
    if (!error) error = &ignored;
    const QDeadlineTimer deadline(m_config.timeoutMs);
    // A kept connection: read what the broker sent meanwhile, which notices a closed socket.
    if (m_mosq && m_connected) {
        const int rc = mosquitto_loop(m_mosq, 0, 1);
        if (rc != MOSQ_ERR_SUCCESS || !m_connected) {
            qCInfo(lcVehicle).noquote()
                << "MQTT connection to" << brokerText() << "lost (" << reason(rc) << "); connecting again";
            drop();
        }
    }
    if (!m_connected && !connectBroker(deadline, error)) return false;

    int mid = 0;
    const QByteArray topicBytes = topic.toUtf8();
    int rc = mosquitto_publish(m_mosq, &mid, topicBytes.constData(), static_cast<int>(payload.size()),
                               payload.constData(), qos, retain);
    if (rc != MOSQ_ERR_SUCCESS) {
        *error = QStringLiteral("MQTT publish to %1 failed (%2)").arg(topic, reason(rc));
        drop();
        return false;
    }
    while (m_lastPublished != mid) {
        const qint64 left = deadline.remainingTime();
        if (left <= 0) {
            *error = QStringLiteral("MQTT broker at %1 did not confirm the message within %2 ms")
                         .arg(brokerText())
                         .arg(m_config.timeoutMs);
            drop();
            return false;
        }
        rc = mosquitto_loop(m_mosq, static_cast<int>(std::min<qint64>(left, kLoopSliceMs)), 1);
        if ((rc != MOSQ_ERR_SUCCESS || m_lost) && m_lastPublished != mid) {
            *error = QStringLiteral("MQTT broker at %1 not reachable (connection lost: %2)")
                         .arg(brokerText(), reason(rc == MOSQ_ERR_SUCCESS ? MOSQ_ERR_CONN_LOST : rc));
            drop();
            return false;
        }
    }
    return true;
}

}  // namespace peregrine::vehicle
