// The Genie double's dialog calls: query (the deterministic streamed answer and the failure modes), reset,
// signal, free, and the GenieLog calls (absent from the GENIE_DOUBLE_OLD build). See genie_double.cpp.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "genie_double_state.h"

namespace {

constexpr int kBegin = 1, kContinue = 2, kEnd = 3, kAbort = 4;
constexpr int kWarningAborted = 1, kWarningContextExceeded = 4, kErrorInvalidArgument = -2,
              kErrorInvalidHandle = -5, kErrorQueryFailed = -6;

void recordQuery(const char* query) {
    const char* file = std::getenv("PEREGRINE_GENIE_DOUBLE_QUERIES");
    if (!file) return;
    if (FILE* f = std::fopen(file, "a")) {
        std::fprintf(f, "%s\n--\n", query);
        std::fclose(f);
    }
}

}  // namespace

extern "C" {

// The answer: "Hello from the Genie double (turn N)." in pieces, N counting queries since create/reset.
GENIE_DOUBLE_API int32_t GenieDialog_query(Dialog* dialog, const char* query, int, QueryCallback callback,
                                           const void* userData) {
    std::string m;
    {
        std::lock_guard lock(g_mutex);
        if (!g_dialogs.count(dialog))
            return violation("GenieDialog_query on a handle not live"), kErrorInvalidHandle;
        if (!callback) return violation("GenieDialog_query with a NULL callback"), kErrorInvalidArgument;
        if (!query) return violation("GenieDialog_query with a NULL query"), kErrorInvalidArgument;
        if (dialog->querying.exchange(true)) return violation("GenieDialog_query while one runs"), -1;
        dialog->abort = false;
        ++dialog->turns;
        recordQuery(query);
        m = mode();
    }
    std::vector<std::string> pieces = {
        "Hello", " from", " the", " Genie", " double", " (turn " + std::to_string(dialog->turns) + ")", "."};
    int32_t status = 0;
    if (m == "query_fail" || m == "context") pieces.resize(3);
    if (m == "slow") {
        pieces.clear();
        for (int i = 0; i < 200; ++i) pieces.push_back(" tick");
    }
    bool aborted = false;
    for (size_t i = 0; i < pieces.size(); ++i) {
        if (dialog->abort) {
            aborted = true;
            break;
        }
        callback(pieces[i].c_str(), i == 0 ? kBegin : kContinue, userData);
        if (m == "slow") std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (aborted) {
        callback("", kAbort, userData);
        status = kWarningAborted;
    } else if (m == "query_fail") {
        logLine(dialog->log, 1, "GenerateFailed: graph execution failed on HTP (err %d)", 1002);
        status = kErrorQueryFailed;
    } else {
        callback("", kEnd, userData);
        if (m == "context") {
            logLine(dialog->log, 2, "Context limit exceeded (%d of %d tokens)", 4096, 4096);
            status = kWarningContextExceeded;
        }
    }
    dialog->querying = false;
    return status;
}

GENIE_DOUBLE_API int32_t GenieDialog_reset(Dialog* dialog) {
    std::lock_guard lock(g_mutex);
    if (!g_dialogs.count(dialog))
        return violation("GenieDialog_reset on a handle not live"), kErrorInvalidHandle;
    if (dialog->querying) return violation("GenieDialog_reset while a query runs"), -1;
    dialog->turns = 0;
    return 0;
}

GENIE_DOUBLE_API int32_t GenieDialog_free(Dialog* dialog) {
    std::lock_guard lock(g_mutex);
    if (!g_dialogs.erase(dialog))
        return violation("GenieDialog_free of a handle not live"), kErrorInvalidHandle;
    if (dialog->querying) violation("GenieDialog_free while a query runs");
    delete dialog;
    return 0;
}

#ifndef GENIE_DOUBLE_OLD
// Thread: any (genie-t2t-run calls it from a second thread while the query blocks).
GENIE_DOUBLE_API int32_t GenieDialog_signal(Dialog* dialog, int action) {
    std::lock_guard lock(g_mutex);
    if (!g_dialogs.count(dialog))
        return violation("GenieDialog_signal on a handle not live"), kErrorInvalidHandle;
    if (action != 1 && action != 2) return kErrorInvalidArgument;
    if (action == 1) dialog->abort = true;
    return 0;
}

GENIE_DOUBLE_API int32_t GenieLog_create(const void*, LogCallback callback, int, Log** log) {
    std::lock_guard lock(g_mutex);
    if (!log) return violation("GenieLog_create with a NULL handle pointer"), kErrorInvalidArgument;
    *log = reinterpret_cast<Log*>(new char(0));
    g_logs.insert(*log);
    g_logCallback = callback;
    return 0;
}

GENIE_DOUBLE_API int32_t GenieLog_free(Log* log) {
    std::lock_guard lock(g_mutex);
    if (!g_logs.count(log)) return violation("GenieLog_free of a handle not live"), kErrorInvalidHandle;
    for (const void* d : g_dialogs)
        if (static_cast<const Dialog*>(d)->log == log)
            return violation("GenieLog_free while a dialog bound to it is alive"), -14;
    g_logs.erase(log);
    delete reinterpret_cast<char*>(log);
    if (g_logs.empty()) g_logCallback = nullptr;
    return 0;
}

GENIE_DOUBLE_API int32_t GenieDialogConfig_bindLogger(Config* config, Log* log) {
    std::lock_guard lock(g_mutex);
    if (!g_configs.count(config) || !g_logs.count(log))
        return violation("GenieDialogConfig_bindLogger with a handle not live"), kErrorInvalidHandle;
    config->log = log;
    return 0;
}
#endif

}  // extern "C"
