// Thermal zone knowledge: which zone types of the supported boards (QCS6490, Jetson Orin, RK3588, generic PC)
// describe the CPU, SoC or NPU that runs inference, and how a reading maps to a level. Pure functions over
// plain data (no I/O): ThermalMonitor reads sysfs and asks these.
#pragma once

#include <QList>
#include <QString>

namespace peregrine {

enum class ThermalBoard { Unknown, Qcs6490, JetsonOrin, Rk3588, Pc };
enum class ZoneRole { Other, Cpu, Soc, Npu, Gpu };
enum class ThermalLevel { NoSensor = 0, Normal, Warm, Hot, Critical };

QString thermalBoardName(ThermalBoard board);
QString thermalLevelName(ThermalLevel level);  // "no sensor", "normal", "warm", "hot", "critical"

struct ZoneClass {
    ThermalBoard board = ThermalBoard::Unknown;
    ZoneRole role = ZoneRole::Other;
};

// Classifies a thermal_zone "type" string, e.g. "cpu1-thermal" (QCS6490 upstream) or "cpu-0-0-usr"
// (QCS6490 downstream), "cpu-thermal"/"tj-thermal" (Orin), "bigcore0-thermal"/"npu-thermal" (RK3588),
// "x86_pkg_temp" (PC). Unknown names get role Other.
ZoneClass classifyZone(const QString& type);

struct TripPoint {
    double tempC = 0;
    QString type;  // "passive", "hot", "critical", "active"
};

struct ZoneReading {
    QString name;  // "thermal_zone3"
    QString type;  // contents of type
    double tempC = 0;
    bool valid = false;  // false for offline sentinels (empty, 0, -274000, read error)
    QList<TripPoint> trips;
    ZoneClass cls;
};

struct LevelThresholds {
    double warmC = 70;
    double hotC = 85;
};

// Level of one zone: critical at or above its lowest critical trip; hot at or above min(hotC, lowest
// passive/hot trip); warm at or above min(warmC, hot threshold - 10); normal below. Invalid: NoSensor.
ThermalLevel zoneLevel(const ZoneReading& zone, const LevelThresholds& thresholds);

// Parses a sysfs temperature in millidegrees ("48500\n" -> 48.5). False for the offline sentinels (empty,
// 0, anything below -40 °C such as -256000 and -274000, non-numbers).
bool parseMilliCelsius(const QString& text, double* celsius);

// The zones that matter for inference: CPU, SoC and NPU zones when any are valid; otherwise every valid zone
// that is not obviously unrelated (wifi, battery, charger). Indexes into zones.
QList<int> relevantZones(const QList<ZoneReading>& zones);

// The board the zone names point to (the most frequent non-Unknown board among the zones).
ThermalBoard detectBoard(const QList<ZoneReading>& zones);

}  // namespace peregrine
