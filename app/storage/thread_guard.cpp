#include "storage/thread_guard.h"

#include "logging/logging.h"
#include "logging/main_thread_guard.h"

namespace peregrine {

namespace {
MainThreadGuard g_guard(&lcStorage, "SQLite called");
}  // namespace

void armStorageThreadGuard(bool armed) {
    g_guard.arm(armed);
}

bool storageThreadGuardArmed() {
    return g_guard.armed();
}

int storageMainThreadCalls() {
    return g_guard.count();
}

QString storageLastMainThreadCall() {
    return g_guard.last();
}

namespace storage_detail {

void noteSqliteCall(const char* what) {
    g_guard.note(QAnyStringView(QUtf8StringView(what)));
}

}  // namespace storage_detail

}  // namespace peregrine
