// Names and meanings of Genie_Status_t values (GenieCommon.h of Genie API 1.13; runtimes.md section 1.2).
#include "backends/genie/genie_api.h"

namespace peregrine::genie {

namespace {
struct Known {
    GenieStatus code;
    const char* name;
    const char* meaning;
};
constexpr Known kKnown[] = {
    {Success, "GENIE_STATUS_SUCCESS", "success"},
    {WarningAborted, "GENIE_STATUS_WARNING_ABORTED", "the query was aborted"},
    {WarningBoundHandle, "GENIE_STATUS_WARNING_BOUND_HANDLE", "the handle is bound to another"},
    {WarningPaused, "GENIE_STATUS_WARNING_PAUSED", "the query was paused"},
    {WarningContextExceeded, "GENIE_STATUS_WARNING_CONTEXT_EXCEEDED", "the context limit was exceeded"},
    {ErrorGeneral, "GENIE_STATUS_ERROR_GENERAL", "general failure (the cause is in the runtime's log)"},
    {ErrorInvalidArgument, "GENIE_STATUS_ERROR_INVALID_ARGUMENT", "an argument was invalid"},
    {ErrorMemAlloc, "GENIE_STATUS_ERROR_MEM_ALLOC", "out of memory"},
    {ErrorInvalidConfig, "GENIE_STATUS_ERROR_INVALID_CONFIG", "the configuration is invalid"},
    {ErrorInvalidHandle, "GENIE_STATUS_ERROR_INVALID_HANDLE", "the handle is invalid"},
    {ErrorQueryFailed, "GENIE_STATUS_ERROR_QUERY_FAILED", "the query failed"},
    {ErrorJsonFormat, "GENIE_STATUS_ERROR_JSON_FORMAT", "genie_config.json is not valid JSON"},
    {ErrorJsonSchema, "GENIE_STATUS_ERROR_JSON_SCHEMA",
     "genie_config.json has a key this Genie does not know (a bundle for a newer QAIRT?)"},
    {ErrorJsonValue, "GENIE_STATUS_ERROR_JSON_VALUE", "genie_config.json has a value this Genie refuses"},
    {ErrorGenerateFailed, "GENIE_STATUS_ERROR_GENERATE_FAILED", "generation failed"},
    {ErrorGetHandleFailed, "GENIE_STATUS_ERROR_GET_HANDLE_FAILED", "could not get a handle"},
    {ErrorApplyConfigFailed, "GENIE_STATUS_ERROR_APPLY_CONFIG_FAILED", "could not apply the configuration"},
    {ErrorSetParamsFailed, "GENIE_STATUS_ERROR_SET_PARAMS_FAILED", "could not set the parameters"},
    {ErrorBoundHandle, "GENIE_STATUS_ERROR_BOUND_HANDLE", "the handle is bound and cannot be freed"},
};
}  // namespace

const char* statusName(GenieStatus status) {
    for (const Known& k : kKnown)
        if (k.code == status) return k.name;
    return status < 0 ? "an unknown Genie error" : "an unknown Genie warning";
}

const char* statusMeaning(GenieStatus status) {
    for (const Known& k : kKnown)
        if (k.code == status) return k.meaning;
    return status < 0 ? "a newer Genie's error code" : "a newer Genie's warning code";
}

}  // namespace peregrine::genie
