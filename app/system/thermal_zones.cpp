#include "system/thermal_zones.h"

#include <QRegularExpression>
#include <algorithm>
#include <array>

namespace peregrine {

namespace {

struct Pattern {
    const char* regex;
    ThermalBoard board;
    ZoneRole role;
};

// Order matters: the first match wins. Names from reference/runtimes.md section 4.
const std::array kPatterns = {
    // Qualcomm QCS6490: upstream kodiak/sc7280 names and downstream "*-usr" names.
    Pattern{"^cpuss-?\\d+-(thermal|usr)$", ThermalBoard::Qcs6490, ZoneRole::Cpu},
    Pattern{"^cpu\\d+-thermal$", ThermalBoard::Qcs6490, ZoneRole::Cpu},
    Pattern{"^cpu-\\d+-\\d+-usr$", ThermalBoard::Qcs6490, ZoneRole::Cpu},
    Pattern{"^nspss-?\\d+-(thermal|usr)$", ThermalBoard::Qcs6490, ZoneRole::Npu},
    Pattern{"^gpuss-?\\d+-(thermal|usr)$", ThermalBoard::Qcs6490, ZoneRole::Gpu},
    Pattern{"^(aoss-?\\d+|ddr|video|mdmss-?\\d+|xo-therm)-(thermal|usr)$", ThermalBoard::Qcs6490,
            ZoneRole::Other},
    // NVIDIA Jetson Orin (and Xavier/Nano upper-case names).
    Pattern{"^(cpu-thermal|CPU-therm)$", ThermalBoard::JetsonOrin, ZoneRole::Cpu},
    Pattern{"^(tj-thermal|soc\\d-thermal)$", ThermalBoard::JetsonOrin, ZoneRole::Soc},
    Pattern{"^cv\\d-thermal$", ThermalBoard::JetsonOrin, ZoneRole::Npu},
    Pattern{"^(gpu-thermal|GPU-therm)$", ThermalBoard::JetsonOrin, ZoneRole::Gpu},
    Pattern{"^(AO-therm|AUX-therm|PLL-therm|PMIC-Die|thermal-fan-est)$", ThermalBoard::JetsonOrin,
            ZoneRole::Other},
    // Rockchip RK3588: vendor and mainline names.
    Pattern{"^(bigcore\\d-thermal|littlecore-thermal)$", ThermalBoard::Rk3588, ZoneRole::Cpu},
    Pattern{"^(soc-thermal|package-thermal|center-thermal)$", ThermalBoard::Rk3588, ZoneRole::Soc},
    Pattern{"^npu-thermal$", ThermalBoard::Rk3588, ZoneRole::Npu},
    // PCs.
    Pattern{"^(x86_pkg_temp|coretemp|k10temp|cpu_thermal)$", ThermalBoard::Pc, ZoneRole::Cpu},
    Pattern{"^acpitz$", ThermalBoard::Pc, ZoneRole::Soc},
};

bool unrelated(const QString& type) {
    static const QRegularExpression re(QStringLiteral("wifi|iwl|battery|charger|bms|usb|pmic|skin"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re.match(type).hasMatch();
}

}  // namespace

QString thermalBoardName(ThermalBoard board) {
    switch (board) {
        case ThermalBoard::Qcs6490:
            return QStringLiteral("Qualcomm QCS6490");
        case ThermalBoard::JetsonOrin:
            return QStringLiteral("NVIDIA Jetson Orin");
        case ThermalBoard::Rk3588:
            return QStringLiteral("Rockchip RK3588");
        case ThermalBoard::Pc:
            return QStringLiteral("PC");
        case ThermalBoard::Unknown:
            break;
    }
    return QStringLiteral("unknown");
}

QString thermalLevelName(ThermalLevel level) {
    switch (level) {
        case ThermalLevel::Normal:
            return QStringLiteral("normal");
        case ThermalLevel::Warm:
            return QStringLiteral("warm");
        case ThermalLevel::Hot:
            return QStringLiteral("hot");
        case ThermalLevel::Critical:
            return QStringLiteral("critical");
        case ThermalLevel::NoSensor:
            break;
    }
    return QStringLiteral("no sensor");
}

ZoneClass classifyZone(const QString& type) {
    static const auto compiled = [] {
        std::vector<std::pair<QRegularExpression, Pattern>> out;
        for (const auto& p : kPatterns) out.emplace_back(QRegularExpression(QLatin1String(p.regex)), p);
        return out;
    }();
    const QString t = type.trimmed();
    for (const auto& [re, p] : compiled) {
        if (re.match(t).hasMatch()) return {p.board, p.role};
    }
    return {};
}

bool parseMilliCelsius(const QString& text, double* celsius) {
    bool ok = false;
    const qlonglong milli = text.trimmed().toLongLong(&ok);
    if (!ok || milli == 0 || milli < -40000 || milli > 250000) return false;  // -256 °C, -274 °C: offline
    *celsius = milli / 1000.0;
    return true;
}

ThermalLevel zoneLevel(const ZoneReading& zone, const LevelThresholds& thresholds) {
    if (!zone.valid) return ThermalLevel::NoSensor;
    double critical = 1e9, hot = thresholds.hotC;
    for (const auto& trip : zone.trips) {
        if (trip.tempC <= 0) continue;
        if (trip.type == QLatin1String("critical")) critical = std::min(critical, trip.tempC);
        if (trip.type == QLatin1String("passive") || trip.type == QLatin1String("hot"))
            hot = std::min(hot, trip.tempC);
    }
    const double warm = std::min(thresholds.warmC, hot - 10);
    if (zone.tempC >= critical) return ThermalLevel::Critical;
    if (zone.tempC >= hot) return ThermalLevel::Hot;
    if (zone.tempC >= warm) return ThermalLevel::Warm;
    return ThermalLevel::Normal;
}

QList<int> relevantZones(const QList<ZoneReading>& zones) {
    QList<int> primary, fallback;
    for (int i = 0; i < zones.size(); ++i) {
        const auto& z = zones[i];
        if (!z.valid) continue;
        const ZoneRole r = z.cls.role;
        if (r == ZoneRole::Cpu || r == ZoneRole::Soc || r == ZoneRole::Npu)
            primary.append(i);
        else if (z.cls.board == ThermalBoard::Unknown && !unrelated(z.type))
            fallback.append(i);
    }
    return primary.isEmpty() ? fallback : primary;
}

ThermalBoard detectBoard(const QList<ZoneReading>& zones) {
    std::array<int, 5> counts{};
    for (const auto& z : zones) counts[static_cast<int>(z.cls.board)]++;
    int best = 0;
    for (int b = 1; b < static_cast<int>(counts.size()); ++b) {
        if (counts[b] > counts[best] || (best == 0 && counts[b] > 0)) best = b;
    }
    return best == 0 ? ThermalBoard::Unknown : static_cast<ThermalBoard>(best);
}

}  // namespace peregrine
