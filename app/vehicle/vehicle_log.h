// The vehicle's logging category: every device command, its transport and its outcome.
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcVehicle)  // "peregrine.vehicle": device commands over MQTT and CAN
