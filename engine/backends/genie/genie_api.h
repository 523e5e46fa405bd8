// The Qualcomm Genie C ABI as Peregrine calls it through dlopen: our own declarations of the types and entry
// points of the public GenieCommon.h / GenieDialog.h / GenieLog.h (QAIRT 2.25 .. 2.45, Genie API 1.x;
// runtimes.md section 1.2). Nothing here links against Genie; GenieLibrary fills an Api from dlsym.
#pragma once

#include <cstdarg>
#include <cstdint>

namespace peregrine::genie {

using GenieStatus = int32_t;  // Genie_Status_t: negative is an error, positive a warning, 0 success

enum StatusCode : int32_t {
    Success = 0,
    WarningAborted = 1,
    WarningBoundHandle = 2,
    WarningPaused = 3,
    WarningContextExceeded = 4,  // API 1.13 (QAIRT 2.40) and newer
    ErrorGeneral = -1,
    ErrorInvalidArgument = -2,
    ErrorMemAlloc = -3,
    ErrorInvalidConfig = -4,
    ErrorInvalidHandle = -5,
    ErrorQueryFailed = -6,
    ErrorJsonFormat = -7,
    ErrorJsonSchema = -8,
    ErrorJsonValue = -9,
    ErrorGenerateFailed = -10,
    ErrorGetHandleFailed = -11,
    ErrorApplyConfigFailed = -12,
    ErrorSetParamsFailed = -13,
    ErrorBoundHandle = -14,
};

// GenieDialog_SentenceCode_t (an enum: int-sized in the C ABI).
enum SentenceCode : int {
    SentenceComplete = 0,
    SentenceBegin = 1,
    SentenceContinue = 2,
    SentenceEnd = 3,  // also sent when the context limit was exceeded (newer headers)
    SentenceAbort = 4,
    SentenceRewind = 5,
    SentenceResume = 6,
};

enum DialogAction : int { ActionAbort = 1, ActionPause = 2 };                    // GenieDialog_Action_t
enum LogLevel : int { LogError = 1, LogWarn = 2, LogInfo = 3, LogVerbose = 4 };  // GenieLog_Level_t

struct DialogConfigOpaque;
struct DialogOpaque;
struct LogOpaque;
using DialogConfigHandle = const DialogConfigOpaque*;
using DialogHandle = const DialogOpaque*;
using LogHandle = const LogOpaque*;

using QueryCallback = void (*)(const char* response, SentenceCode code, const void* userData);
using LogCallback = void (*)(LogHandle handle, const char* fmt, LogLevel level, uint64_t timestamp,
                             va_list args);

// Entry points. Optional ones (absent from older libGenie builds) are null when missing.
struct Api {
    uint32_t (*apiMajorVersion)();
    uint32_t (*apiMinorVersion)();
    uint32_t (*apiPatchVersion)();
    GenieStatus (*configCreateFromJson)(const char* json, DialogConfigHandle* config);
    GenieStatus (*configFree)(DialogConfigHandle config);
    GenieStatus (*dialogCreate)(DialogConfigHandle config, DialogHandle* dialog);
    GenieStatus (*dialogQuery)(DialogHandle dialog, const char* query, SentenceCode code,
                               QueryCallback callback, const void* userData);
    GenieStatus (*dialogReset)(DialogHandle dialog);
    GenieStatus (*dialogFree)(DialogHandle dialog);
    // Optional:
    GenieStatus (*dialogSignal)(DialogHandle dialog, DialogAction action);
    GenieStatus (*logCreate)(const void* logConfig, LogCallback callback, LogLevel level, LogHandle* log);
    GenieStatus (*logFree)(LogHandle log);
    GenieStatus (*configBindLogger)(DialogConfigHandle config, LogHandle log);
};

// "GENIE_STATUS_ERROR_QUERY_FAILED (-6): the query failed"; unknown codes are named by their number.
const char* statusName(GenieStatus status);
const char* statusMeaning(GenieStatus status);

}  // namespace peregrine::genie
