#include "tools/unit_conversion.h"

#include <QHash>
#include <cmath>

#include "tools/number_words.h"
#include "tools/tool_json.h"

namespace peregrine::tools {

namespace {

// factor: the unit in the category's base (m, kg, L, m/s, kPa, km/L); temperature and reciprocal fuel
// economy (L/100 km) are special-cased by id.
struct Unit {
    const char* id;
    const char* category;
    const char* spoken;
    double factor;
    const char* aliases;  // '|'-separated, already normalised
};

constexpr double kMile = 1609.344, kGalUs = 3.785411784, kGalImp = 4.54609;

const Unit kUnits[] = {
    {"m", "length", "metres", 1, "meter|meters|metre|metres"},
    {"km", "length", "kilometres", 1000, "kilometer|kilometers|kilometre|kilometres|klicks"},
    {"cm", "length", "centimetres", 0.01, "centimeter|centimeters|centimetre|centimetres"},
    {"mm", "length", "millimetres", 0.001, "millimeter|millimeters|millimetre|millimetres"},
    {"mi", "length", "miles", kMile, "mile|miles"},
    {"yd", "length", "yards", 0.9144, "yard|yards"},
    {"ft", "length", "feet", 0.3048, "foot|feet"},
    {"in", "length", "inches", 0.0254, "inch|inches"},
    {"nmi", "length", "nautical miles", 1852, "nautical mile|nautical miles"},
    {"kg", "mass", "kilograms", 1, "kilogram|kilograms|kilo|kilos|kgs"},
    {"g", "mass", "grams", 0.001, "gram|grams"},
    {"t", "mass", "tonnes", 1000, "tonne|tonnes|metric ton|metric tons"},
    {"lb", "mass", "pounds", 0.45359237, "pound|pounds|lbs"},
    {"oz", "mass", "ounces", 0.028349523125, "ounce|ounces"},
    {"st", "mass", "stone", 6.35029318, "stone|stones"},
    {"ton_us", "mass", "short tons", 907.18474, "short ton|short tons|ton|tons|us ton|us tons"},
    {"l", "volume", "litres", 1, "liter|liters|litre|litres|ltr"},
    {"ml", "volume", "millilitres", 0.001, "milliliter|milliliters|millilitre|millilitres"},
    {"m3", "volume", "cubic metres", 1000, "cubic meter|cubic meters|cubic metre|cubic metres"},
    {"gal_us", "volume", "US gallons", kGalUs, "gal|gallon|gallons|us gallon|us gallons|american gallons"},
    {"gal_imp", "volume", "imperial gallons", kGalImp,
     "imperial gallon|imperial gallons|uk gallon|uk gallons|british gallons"},
    {"qt_us", "volume", "US quarts", 0.946352946, "quart|quarts|us quart|us quarts"},
    {"pt_us", "volume", "US pints", 0.473176473, "pint|pints|us pint|us pints"},
    {"pt_imp", "volume", "imperial pints", 0.56826125, "imperial pint|imperial pints|uk pints"},
    {"floz_us", "volume", "US fluid ounces", 0.0295735295625, "fl oz|fluid ounce|fluid ounces"},
    {"c", "temperature", "degrees Celsius", 1, "celsius|centigrade|degrees celsius|degrees c|°c"},
    {"f", "temperature", "degrees Fahrenheit", 1, "fahrenheit|degrees fahrenheit|degrees f|°f"},
    {"k", "temperature", "kelvin", 1, "kelvin|kelvins"},
    {"kmh", "speed", "kilometres per hour", 1 / 3.6,
     "km/h|kph|kilometers per hour|kilometres per hour|km per hour"},
    {"mph", "speed", "miles per hour", kMile / 3600, "miles per hour|mile per hour"},
    {"ms", "speed", "metres per second", 1, "m/s|meters per second|metres per second"},
    {"kn", "speed", "knots", 1852.0 / 3600, "knot|knots|kt"},
    {"mpg_us", "fuel economy", "miles per US gallon", kMile / 1000 / kGalUs,
     "mpg|miles per gallon|us mpg|mpg us|miles per us gallon"},
    {"mpg_imp", "fuel economy", "miles per imperial gallon", kMile / 1000 / kGalImp,
     "imperial mpg|mpg imperial|uk mpg|miles per imperial gallon"},
    {"l100km", "fuel economy", "litres per 100 kilometres", 0,
     "l/100km|l/100 km|liters per 100 km|litres per 100 km|liters per 100 kilometers|litres per 100 "
     "kilometres"},
    {"kml", "fuel economy", "kilometres per litre", 1, "km/l|kilometers per liter|kilometres per litre"},
    {"kpa", "pressure", "kilopascals", 1, "kilopascal|kilopascals"},
    {"pa", "pressure", "pascals", 0.001, "pascal|pascals"},
    {"bar", "pressure", "bar", 100, "bars"},
    {"mbar", "pressure", "millibar", 0.1, "millibars|hpa|hectopascal|hectopascals"},
    {"psi", "pressure", "psi", 6.894757293168361, "pounds per square inch|lbs per square inch"},
    {"atm", "pressure", "atmospheres", 101.325, "atmosphere|atmospheres"},
};

const QHash<QString, const Unit*>& unitIndex() {
    static const QHash<QString, const Unit*> index = [] {
        QHash<QString, const Unit*> h;
        for (const Unit& u : kUnits) {
            h.insert(QString::fromLatin1(u.id), &u);
            for (const QString& a : QString::fromUtf8(u.aliases).split(QLatin1Char('|'))) h.insert(a, &u);
        }
        return h;
    }();
    return index;
}

const Unit* lookup(const QString& name) {
    const QString key = name.trimmed().toLower().simplified();
    if (const Unit* u = unitIndex().value(key)) return u;
    return unitIndex().value(normalizeTranscript(key));
}

UnitInfo info(const Unit& u) {
    return {QString::fromLatin1(u.id), QString::fromLatin1(u.category), QString::fromUtf8(u.spoken)};
}

// Into and out of the category's base unit.
double toBase(const Unit& u, double v) {
    const QLatin1String id(u.id);
    if (id == QLatin1String("f")) return (v - 32) * 5 / 9;  // base: Celsius
    if (id == QLatin1String("k")) return v - 273.15;
    if (id == QLatin1String("l100km")) return 100 / v;  // base: km/L
    return v * u.factor;
}

double fromBase(const Unit& u, double v) {
    const QLatin1String id(u.id);
    if (id == QLatin1String("f")) return v * 9 / 5 + 32;
    if (id == QLatin1String("k")) return v + 273.15;
    if (id == QLatin1String("l100km")) return 100 / v;
    return v / u.factor;
}

}  // namespace

std::optional<UnitInfo> findUnit(const QString& name) {
    if (const Unit* u = lookup(name)) return info(*u);
    return std::nullopt;
}

QStringList unitIds() {
    QStringList ids;
    for (const Unit& u : kUnits) ids << QString::fromLatin1(u.id);
    return ids;
}

Conversion convertUnits(double value, const QString& from, const QString& to) {
    Conversion c;
    const Unit* a = lookup(from);
    const Unit* b = lookup(to);
    if (!a || !b) {
        c.error = QStringLiteral("I don't know the unit %1.").arg(a ? to : from);
        return c;
    }
    c.from = info(*a);
    c.to = info(*b);
    if (c.from.category != c.to.category) {
        c.error = QStringLiteral("I can't convert %1 to %2.").arg(c.from.spoken, c.to.spoken);
        return c;
    }
    if (!std::isfinite(value) || ((QLatin1String(a->id) == QLatin1String("l100km") ||
                                   QLatin1String(b->id) == QLatin1String("l100km")) &&
                                  value <= 0)) {
        c.error = QStringLiteral("%1 %2 can't be converted.").arg(spokenNumber(value), c.from.spoken);
        return c;
    }
    c.value = fromBase(*b, toBase(*a, value));
    c.ok = std::isfinite(c.value);
    if (!c.ok) c.error = QStringLiteral("That conversion has no finite result.");
    return c;
}

QString spokenNumber(double value) {
    const double a = std::fabs(value);
    const int decimals = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 1 ? 2 : 3;
    QString s = QString::number(value, 'f', decimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0'))) s.chop(1);
        if (s.endsWith(QLatin1Char('.'))) s.chop(1);
    }
    if (s == QLatin1String("-0")) s = QStringLiteral("0");
    return s;
}

QString ConvertUnitsTool::description() const {
    return QStringLiteral(
        "Converts a value between units of length, mass, volume, temperature, speed, fuel economy or "
        "pressure.");
}

QJsonObject ConvertUnitsTool::parameters() const {
    return objectSchema({{"value", numberSchema("number", -1e12, 1e12)},
                         {"from", enumSchema(unitIds())},
                         {"to", enumSchema(unitIds())}},
                        {"value", "from", "to"});
}

ToolResult ConvertUnitsTool::invoke(const QJsonObject& args) {
    if (!args.value("value").isDouble()) return errorResult(QStringLiteral("Which value should I convert?"));
    const double value = args.value("value").toDouble();
    const Conversion c = convertUnits(value, args.value("from").toString(), args.value("to").toString());
    if (!c.ok) return errorResult(c.error);
    const QString say = QStringLiteral("%1 %2 is %3 %4.")
                            .arg(spokenNumber(value), c.from.spoken, spokenNumber(c.value), c.to.spoken);
    return okResult(say, {{"value", value}, {"from", c.from.id}, {"to", c.to.id}, {"result", c.value}});
}

}  // namespace peregrine::tools
