#include "vehicle/vehicle_log.h"

Q_LOGGING_CATEGORY(lcVehicle, "peregrine.vehicle", QtInfoMsg)
