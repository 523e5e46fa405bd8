#include "system/sysfs_guard.h"

#include "logging/logging.h"
#include "logging/main_thread_guard.h"

namespace peregrine {

namespace {
MainThreadGuard g_guard(&lcSystem, "sysfs read");
}  // namespace

void armSysfsThreadGuard(bool armed) {
    g_guard.arm(armed);
}

int sysfsMainThreadReads() {
    return g_guard.count();
}

QString sysfsLastMainThreadRead() {
    return g_guard.last();
}

namespace system_detail {

void noteSysfsRead(const QString& root) {
    g_guard.note(root);
}

}  // namespace system_detail

}  // namespace peregrine
