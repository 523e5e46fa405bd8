// StopReason (engine/core/stop_reason.h) in the Qt layer: declared as a metatype so it crosses threads in
// queued signals (InferenceWorker -> ConversationController, AnswerSource -> VoiceLoop, answerCompleted) and
// sits in QVariants; QString forms for the places that show or store it; a QDebug form for logs.
// The words are the engine's (stopReasonText): this file adds no spelling of its own.
//
// Thread: any. Cost: the QString forms allocate one short string.
#pragma once

#include <QDebug>
#include <QMetaType>
#include <QString>
#include <QStringView>

#include "core/stop_reason.h"

Q_DECLARE_METATYPE(peregrine::StopReason)

namespace peregrine {

// Registers StopReason with Qt's metatype system (idempotent, cheap). Call before the first queued
// connection that carries it (the constructors of the objects that emit it do).
void registerStopReasonMetaType();

// stopReasonText() as a QString ("" for None): for storage and QML roles.
QString stopReasonName(StopReason reason);
// stopReasonFromText() of a QString: "" -> None, text no version wrote -> Unknown.
StopReason stopReasonFromName(QStringView name);

// Logs the stable word (Unknown as "unknown", None as "none").
QDebug operator<<(QDebug debug, StopReason reason);

}  // namespace peregrine
