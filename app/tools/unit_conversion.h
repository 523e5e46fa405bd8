// Unit conversions computed in code (never by the language model): length, mass, volume (US and imperial
// gallons), temperature, speed, fuel economy (mpg US/imperial <-> L/100 km <-> km/L, a reciprocal relation)
// and pressure (psi, bar, kPa, atm). Exact factors (NIST SP 811 / international yard and pound). Units are
// named by an id ("gal_us") or a spoken alias ("gallons", "litres", "miles per gallon"). Pure functions,
// thread-safe, microseconds.
#pragma once

#include <QString>
#include <QStringList>
#include <optional>

#include "tools/tool.h"

namespace peregrine::tools {

struct UnitInfo {
    QString id;        // "gal_us"
    QString category;  // "length", "mass", "volume", "temperature", "speed", "fuel economy", "pressure"
    QString spoken;    // "US gallons"
};

// The unit an id or alias names, or nullopt.
std::optional<UnitInfo> findUnit(const QString& name);
QStringList unitIds();  // every id, for the tool's schema enum

struct Conversion {
    bool ok = false;
    double value = 0;
    QString error;  // "I don't know the unit furlongs." / "Can't convert litres to kilograms."
    UnitInfo from, to;
};
Conversion convertUnits(double value, const QString& from, const QString& to);

// A number as said aloud: at most 3 significant decimals, no trailing zeros ("113.6", "0.27", "1200").
QString spokenNumber(double value);

class ConvertUnitsTool : public Tool {
public:
    QString name() const override { return QStringLiteral("convert_units"); }
    QString description() const override;
    QJsonObject parameters() const override;
    ToolResult invoke(const QJsonObject& arguments) override;
};

}  // namespace peregrine::tools
