#include "system/npu_load.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <algorithm>

namespace peregrine {

namespace {

enum class Read { Ok, Missing, Denied };

Read readSmallFile(const QString& path, QString* text) {
    QFile f(path);
    if (!f.exists()) return Read::Missing;
    if (!f.open(QIODevice::ReadOnly)) return Read::Denied;
    *text = QString::fromLatin1(f.read(4096)).trimmed();
    return Read::Ok;
}

QString hzText(qint64 hz) {
    if (hz >= 1000000000) return QStringLiteral("%1 GHz").arg(hz / 1e9, 0, 'f', 1);
    return QStringLiteral("%1 MHz").arg(hz / 1000000);
}

// The first devfreq node whose folder or name mentions the NPU.
QString npuDevfreqDir(const QString& sysfsRoot) {
    const QString base = sysfsRoot + QStringLiteral("/class/devfreq");
    const QStringList entries = QDir(base).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString& e : entries) {
        QString name;
        readSmallFile(base + QLatin1Char('/') + e + QStringLiteral("/name"), &name);
        if (e.contains(QLatin1String("npu"), Qt::CaseInsensitive) ||
            name.contains(QLatin1String("npu"), Qt::CaseInsensitive))
            return base + QLatin1Char('/') + e;
    }
    return {};
}

}  // namespace

QString NpuLoad::text() const {
    if (!readable) return QStringLiteral("not readable (%1)").arg(error);
    QStringList parts;
    if (corePercents.size() > 1) {
        QStringList cores;
        for (int p : corePercents) cores << QString::number(p);
        parts << QStringLiteral("cores %1%").arg(cores.join(QLatin1Char('/')));
    }
    if (curFreqHz > 0) parts << hzText(curFreqHz);
    return parts.isEmpty() ? QStringLiteral("%1%").arg(percent)
                           : QStringLiteral("%1% (%2)").arg(percent).arg(parts.join(QStringLiteral(", ")));
}

bool parseRknpuLoad(const QString& text, QList<int>* cores) {
    cores->clear();
    static const QRegularExpression core(QStringLiteral(R"(Core\s*(\d+)\s*:\s*(\d+)\s*%)"));
    for (auto it = core.globalMatch(text); it.hasNext();) cores->append(it.next().captured(2).toInt());
    if (!cores->isEmpty()) return true;
    static const QRegularExpression single(QStringLiteral(R"(NPU load\s*:\s*(\d+)\s*%)"));
    const auto m = single.match(text);
    if (!m.hasMatch()) return false;
    cores->append(m.captured(1).toInt());
    return true;
}

bool parseDevfreqLoad(const QString& text, int* percent, qint64* freqHz) {
    static const QRegularExpression re(QStringLiteral(R"(^(\d+)(?:@(\d+)\s*Hz)?$)"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch()) return false;
    *percent = m.captured(1).toInt();
    *freqHz = m.captured(2).isEmpty() ? 0 : m.captured(2).toLongLong();
    return *percent >= 0 && *percent <= 100;
}

NpuLoad readNpuLoad(const QString& sysfsRoot, const QString& procRoot) {
    NpuLoad load;
    QStringList denied;
    const QString devfreq = npuDevfreqDir(sysfsRoot);
    QString text;
    if (!devfreq.isEmpty()) {
        if (readSmallFile(devfreq + QStringLiteral("/cur_freq"), &text) == Read::Ok)
            load.curFreqHz = text.toLongLong();
        if (readSmallFile(devfreq + QStringLiteral("/max_freq"), &text) == Read::Ok)
            load.maxFreqHz = text.toLongLong();
    }
    for (const QString& path :
         {sysfsRoot + QStringLiteral("/kernel/debug/rknpu/load"), procRoot + QStringLiteral("/rknpu/load")}) {
        const Read r = readSmallFile(path, &text);
        if (r == Read::Denied) denied << path;
        if (r != Read::Ok || !parseRknpuLoad(text, &load.corePercents)) continue;
        load.readable = true;
        load.percent = *std::max_element(load.corePercents.cbegin(), load.corePercents.cend());
        load.source = path;
        return load;
    }
    if (!devfreq.isEmpty()) {
        const QString path = devfreq + QStringLiteral("/load");
        const Read r = readSmallFile(path, &text);
        if (r == Read::Denied) denied << path;
        qint64 hz = 0;
        if (r == Read::Ok && parseDevfreqLoad(text, &load.percent, &hz)) {
            load.readable = true;
            if (hz > 0) load.curFreqHz = hz;
            load.source = path;
            return load;
        }
    }
    load.percent = -1;
    load.error = denied.isEmpty()
                     ? QStringLiteral("no rknpu load file or NPU devfreq node")
                     : QStringLiteral("permission denied: %1").arg(denied.join(QStringLiteral(", ")));
    return load;
}

}  // namespace peregrine
