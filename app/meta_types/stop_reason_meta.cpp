#include "meta_types/stop_reason_meta.h"

namespace peregrine {

void registerStopReasonMetaType() {
    qRegisterMetaType<peregrine::StopReason>();
}

QString stopReasonName(StopReason reason) {
    const std::string_view word = stopReasonText(reason);
    return QString::fromLatin1(word.data(), qsizetype(word.size()));
}

StopReason stopReasonFromName(QStringView name) {
    const QByteArray utf8 = name.toUtf8();
    return stopReasonFromText(std::string_view(utf8.constData(), size_t(utf8.size())));
}

QDebug operator<<(QDebug debug, StopReason reason) {
    const QDebugStateSaver saver(debug);
    debug.noquote() << (reason == StopReason::None ? QStringLiteral("none") : stopReasonName(reason));
    return debug;
}

}  // namespace peregrine
