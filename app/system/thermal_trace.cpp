#include "system/thermal_trace.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>
#include <cmath>

namespace peregrine {

bool parseThermalTrace(const QString& text, const QString& name, QList<ThermalTraceSample>* samples,
                       QString* error) {
    samples->clear();
    const QStringList lines = text.split(QLatin1Char('\n'));
    QStringList header;
    auto fail = [&](int line, const QString& why) {
        if (error) *error = QStringLiteral("%1:%2: %3").arg(name).arg(line).arg(why);
        return false;
    };
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
        const QStringList cells = line.split(QLatin1Char(','));
        if (header.isEmpty()) {
            for (const QString& c : cells) header << c.trimmed().toLower();
            if (!header.contains(QLatin1String("t_s")) || !header.contains(QLatin1String("temp_c")))
                return fail(i + 1, QStringLiteral("the header needs the columns t_s and temp_c"));
            continue;
        }
        if (cells.size() != header.size())
            return fail(i + 1,
                        QStringLiteral("expected %1 columns, got %2").arg(header.size()).arg(cells.size()));
        ThermalTraceSample s;
        for (int c = 0; c < cells.size(); ++c) {
            bool ok = false;
            const double v = cells[c].trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(v))
                return fail(i + 1,
                            QStringLiteral("expected a number in %1, got '%2'").arg(header[c], cells[c]));
            const QString& col = header[c];
            if (col == QLatin1String("t_s"))
                s.tS = v;
            else if (col == QLatin1String("temp_c"))
                s.tempC = v;
            else if (col == QLatin1String("cur_khz"))
                s.curKHz = static_cast<qint64>(v);
            else if (col == QLatin1String("max_khz"))
                s.maxKHz = static_cast<qint64>(v);
            else if (col == QLatin1String("cooling_state"))
                s.coolingState = static_cast<int>(v);
            else if (col == QLatin1String("decode_tok_s"))
                s.decodeTokPerSec = v;
        }
        if (!samples->isEmpty() && s.tS < samples->last().tS)
            return fail(
                i + 1, QStringLiteral("time goes backwards (%1 after %2)").arg(s.tS).arg(samples->last().tS));
        samples->append(s);
    }
    if (header.isEmpty()) return fail(1, QStringLiteral("empty trace"));
    return true;
}

bool loadThermalTrace(const QString& path, QList<ThermalTraceSample>* samples, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error) *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    return parseThermalTrace(QString::fromUtf8(f.read(64 << 20)), QFileInfo(path).fileName(), samples, error);
}

GovernorInput governorInputFromSample(const ThermalTraceSample& s) {
    GovernorInput in;
    in.valid = true;
    in.tempC = s.tempC;
    in.curKHz = s.curKHz;
    in.maxKHz = s.maxKHz;
    in.decodeTokPerSec = s.decodeTokPerSec;
    if (s.coolingState > 0) {
        in.throttled = true;
        in.throttleReason = QStringLiteral("cooling state %1").arg(s.coolingState);
    } else if (s.maxKHz > 0 && s.curKHz > 0 && s.curKHz < s.maxKHz * 9 / 10) {
        in.throttled = true;
        in.throttleReason = QStringLiteral("at %1 of %2 MHz").arg(s.curKHz / 1000).arg(s.maxKHz / 1000);
    }
    return in;
}

QList<GovernorAction> replayThermalTrace(ThermalGovernor& governor,
                                         const QList<ThermalTraceSample>& samples) {
    QList<GovernorAction> all;
    for (const auto& s : samples)
        all += governor.update(static_cast<qint64>(std::llround(s.tS * 1000)), governorInputFromSample(s));
    return all;
}

QString thermalTraceLine(const ThermalTraceSample& s) {
    return QStringLiteral("%1,%2,%3,%4,%5,%6")
        .arg(s.tS, 0, 'f', 1)
        .arg(s.tempC, 0, 'f', 1)
        .arg(s.curKHz)
        .arg(s.maxKHz)
        .arg(s.coolingState)
        .arg(s.decodeTokPerSec, 0, 'f', 2);
}

}  // namespace peregrine
