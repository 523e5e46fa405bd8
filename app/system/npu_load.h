// NPU load, where the board exposes it. Rockchip's rknpu driver prints per-core load in debugfs
// (`/sys/kernel/debug/rknpu/load`, root only) or procfs (`/proc/rknpu/load`, older BSP kernels), e.g.
// "NPU load:  Core0: 37%, Core1:  0%, Core2:  0%,"; the NPU's devfreq node (a /sys/class/devfreq entry whose
// name holds "npu") gives "load" as "37@1000000000Hz" and its clocks. Qualcomm boards expose no Hexagon
// (CDSP) load to Linux: there the reading says "not readable" rather than showing 0 %. Thread: any (small
// file reads, well under a millisecond); the system thread polls it with the thermal snapshot. Roots are
// parameters so tests use a fake tree.
#pragma once

#include <QList>
#include <QString>

namespace peregrine {

struct NpuLoad {
    bool readable = false;
    int percent = -1;         // the busiest core (rknpu) or the devfreq load; -1 when not readable
    QList<int> corePercents;  // per core, rknpu only
    qint64 curFreqHz = 0;     // devfreq, 0 when unknown
    qint64 maxFreqHz = 0;
    QString source;  // the file it came from; "" when not readable
    QString error;   // why not readable ("no rknpu load file or NPU devfreq node"; "permission denied: ...")

    // "37% (cores 37/0/0%, 1.0 GHz)" or "not readable (no NPU load file ...)".
    QString text() const;
};

// Parses an rknpu load line; false when it holds no "CoreN: P%" (or single "NPU load: P%").
bool parseRknpuLoad(const QString& text, QList<int>* cores);
// Parses a devfreq load file ("37@1000000000Hz" or "37"); false on anything else.
bool parseDevfreqLoad(const QString& text, int* percent, qint64* freqHz);

NpuLoad readNpuLoad(const QString& sysfsRoot = QStringLiteral("/sys"),
                    const QString& procRoot = QStringLiteral("/proc"));

}  // namespace peregrine
