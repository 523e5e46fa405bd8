// The system thread rule, asserted where the thermal monitor reads sysfs: once the app arms the guard, every
// thermal snapshot (zones, cooling devices, cpufreq, /proc memory) read on the application's main (UI) thread
// is counted, remembered by its root and logged as a warning. readThermalSnapshot() calls noteSysfsRead()
// before reading; in the app it runs on the "system" thread (SystemService). The CLI, the doctor and the
// benches (single-threaded tools) never arm it. Thread: any; the state is atomic.
#pragma once

#include <QString>

namespace peregrine {

// Arms (or disarms) the guard; arming resets the count. The main thread is QCoreApplication's thread.
void armSysfsThreadGuard(bool armed);
// Reads made on the main thread while armed, and the last one's path ("" when none).
int sysfsMainThreadReads();
QString sysfsLastMainThreadRead();

namespace system_detail {
// Called before a batch of sysfs/procfs reads under root; cheap when disarmed.
void noteSysfsRead(const QString& root);
}  // namespace system_detail

}  // namespace peregrine
