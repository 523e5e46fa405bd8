#include "vehicle/can_frame.h"

#include <cerrno>
#include <cstring>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/can/raw.h>

namespace peregrine::vehicle {

QString CanFrame::text() const {
    const QString idText =
        QString::number(id, 16).toUpper().rightJustified(extended ? 8 : 3, QLatin1Char('0'));
    return idText + QLatin1Char('#') + QString::fromLatin1(data.toHex().toUpper());
}

bool CanFrame::encode(struct can_frame* out) const {
    if (data.size() > CAN_MAX_DLEN) return false;
    if (extended ? id > CAN_EFF_MASK : id > CAN_SFF_MASK) return false;
    std::memset(out, 0, sizeof(*out));
    out->can_id = extended ? (id | CAN_EFF_FLAG) : id;
    out->can_dlc = static_cast<__u8>(data.size());
    std::memcpy(out->data, data.constData(), static_cast<size_t>(data.size()));
    return true;
}

namespace {
QString errnoText(int e) {
    return QString::fromLocal8Bit(std::strerror(e));
}
}  // namespace

CanSendResult sendCanFrame(const QString& interfaceName, const CanFrame& frame) {
    CanSendResult r;
    r.frameText = interfaceName + QLatin1Char(' ') + frame.text();
    struct can_frame raw;
    if (!frame.encode(&raw)) {
        r.error = QStringLiteral("invalid CAN frame %1").arg(r.frameText);
        return r;
    }
    const QByteArray name = interfaceName.toLocal8Bit();
    const unsigned index = if_nametoindex(name.constData());
    if (index == 0) {
        r.error = QStringLiteral("no CAN interface %1 on this machine").arg(interfaceName);
        return r;
    }
    const int fd = ::socket(PF_CAN, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, CAN_RAW);
    if (fd < 0) {
        r.error = QStringLiteral("no SocketCAN in this kernel (%1)").arg(errnoText(errno));
        return r;
    }
    struct sockaddr_can addr;
    std::memset(&addr, 0, sizeof(addr));
    addr.can_family = AF_CAN;
    addr.can_ifindex = static_cast<int>(index);
    if (::bind(fd, reinterpret_cast<struct sockaddr*>(&addr), sizeof(addr)) != 0) {
        r.error = QStringLiteral("cannot bind to %1 (%2)").arg(interfaceName, errnoText(errno));
    } else {
        const ssize_t n = ::write(fd, &raw, sizeof(raw));
        if (n == static_cast<ssize_t>(sizeof(raw)))
            r.sent = true;
        else
            r.error = QStringLiteral("cannot write to %1 (%2)")
                          .arg(interfaceName, n < 0 ? errnoText(errno) : QStringLiteral("short write"));
    }
    ::close(fd);
    return r;
}

}  // namespace peregrine::vehicle
