// The Genie test double's own declarations of the Genie C ABI types (handles are opaque pointers to the
// structs below; enums are ints) and the state its two source files share. Thread: every entry point takes
// g_mutex except GenieDialog_query while it streams (GenieDialog_signal must get through meanwhile).
#pragma once

#include <atomic>
#include <cstdarg>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>

#define GENIE_DOUBLE_API __attribute__((visibility("default")))

struct Log;
using LogCallback = void (*)(Log* handle, const char* fmt, int level, uint64_t timestamp, va_list args);
using QueryCallback = void (*)(const char* response, int sentenceCode, const void* userData);

struct Config {
    Log* log = nullptr;  // bound by GenieDialogConfig_bindLogger
};
struct Dialog {
    Log* log = nullptr;
    int turns = 0;  // queries since create or reset
    std::atomic<bool> abort{false};
    std::atomic<bool> querying{false};
};

extern std::mutex g_mutex;
extern std::set<const void*> g_configs, g_dialogs, g_logs;
extern LogCallback g_logCallback;

// Reports a broken contract on stderr; the process then exits 86 at unload.
void violation(const char* fmt, ...);
// $PEREGRINE_GENIE_DOUBLE ("" when unset).
std::string mode();
// Through the bound GenieLog callback when `log` has one, else "[ERROR] ..." on stderr. level: 1 error, 2
// warn.
void logLine(Log* log, int level, const char* fmt, ...);
