// The storage thread rule, asserted where SQLite is called: once the app arms the guard at start-up, every
// SQLite call made on the application's main (UI) thread is recorded (counted, remembered by name and logged
// as a warning). Database, SqlStatement and the schema probe call noteSqliteCall() before touching SQLite.
// The CLI and the benchmarks (single-threaded tools) never arm it. Thread: any; the state is atomic.
#pragma once

#include <QString>

namespace peregrine {

// Arms (or disarms) the guard; arming resets the count. The main thread is QCoreApplication's thread.
void armStorageThreadGuard(bool armed);
bool storageThreadGuardArmed();
// SQLite calls made on the main thread while armed, and the name of the last one ("" when none).
int storageMainThreadCalls();
QString storageLastMainThreadCall();

namespace storage_detail {
// Called before every SQLite call (what: a short name such as the SQL text); cheap when disarmed.
void noteSqliteCall(const char* what);
}  // namespace storage_detail

}  // namespace peregrine
