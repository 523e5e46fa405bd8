// A classic CAN frame of a configured device and sending it through SocketCAN (a CAN_RAW socket bound to the
// interface). Where the interface does not exist (no such link, no CAN support in the kernel) the frame is
// reported as it would have been sent, in cansend/candump notation ("can0 123#01FF"), and marked not sent.
// Thread: any; send() opens, writes and closes its own socket (microseconds; never blocks: non-blocking
// write, a full transmit queue is an error).
#pragma once

#include <QByteArray>
#include <QString>
#include <linux/can.h>

namespace peregrine::vehicle {

struct CanFrame {
    quint32 id = 0;         // 11-bit (standard) or 29-bit (extended)
    bool extended = false;  // 29-bit identifier (CAN_EFF_FLAG)
    QByteArray data;        // 0 to 8 bytes

    // "123#01FF" (standard: 3 hex digits) or "18FEF100#01" (extended: 8 hex digits), as cansend takes it.
    QString text() const;
    // The kernel structure: can_id with CAN_EFF_FLAG for extended ids, can_dlc = data length, data padded
    // with zeros. False when the frame is invalid (id out of range, more than 8 bytes).
    bool encode(struct can_frame* out) const;
};

struct CanSendResult {
    bool sent = false;
    QString frameText;  // "can0 123#01FF"
    QString error;      // why not sent ("no CAN interface can0 on this machine")
};

// Writes frame to interfaceName; never throws.
CanSendResult sendCanFrame(const QString& interfaceName, const CanFrame& frame);

}  // namespace peregrine::vehicle
