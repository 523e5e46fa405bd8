// A test double of Qualcomm's libGenie.so: the documented C ABI (Genie API 1.x: GenieDialogConfig_*,
// GenieDialog_*, GenieLog_*, the version getters; our own declarations, written from the public headers'
// signatures) with a deterministic answer instead of a model, so that Peregrine's Genie backend can be
// tested end to end on any machine.
//
// It checks the caller's contract the way a board would punish breaking it, and reports each violation
// with a line on stderr ("genie double: contract: ..."); at unload (process exit) it exits with status 86
// when any violation happened or a handle was never freed:
//   - the query callback is non-NULL; handles passed in are live (no use after free, no double free);
//   - genie_config.json has every file it names ("path", "extensions", "ctx-bins") as an existing absolute
//     path (real Genie resolves relative ones against the working directory);
//   - a GenieLog handle outlives the dialogs whose config it was bound to.
// Failure modes (PEREGRINE_GENIE_DOUBLE, read at each call): create_fail (GenieDialog_create logs a
// device error and returns -1), config_fail (createFromJson: ERROR_JSON_SCHEMA with the key it rejects),
// query_fail (a partial answer, then ERROR_QUERY_FAILED), context (a partial answer, END, then
// WARNING_CONTEXT_EXCEEDED), slow (200 pieces 10 ms apart until GenieDialog_signal(ABORT): then the
// ABORT sentence code and WARNING_ABORTED). PEREGRINE_GENIE_DOUBLE_QUERIES=FILE appends every query text
// and a "\n--\n" line to FILE; PEREGRINE_GENIE_DOUBLE_LOADED=FILE is created when the library is loaded.
// Built twice: the current API (1.13.0), and with GENIE_DOUBLE_OLD an older one (1.10.0) that lacks
// GenieDialog_signal and GenieLog (logs go to stderr), as early QAIRT releases did.
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

#include "genie_double_state.h"

std::mutex g_mutex;
std::set<const void*> g_configs, g_dialogs, g_logs;
LogCallback g_logCallback = nullptr;  // of the live GenieLog handle (one is enough for a test double)

namespace {

int g_violations = 0;

}  // namespace

void violation(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    std::fprintf(stderr, "genie double: contract: ");
    std::vfprintf(stderr, fmt, args);
    std::fprintf(stderr, "\n");
    va_end(args);
    ++g_violations;
}

std::string mode() {
    const char* m = std::getenv("PEREGRINE_GENIE_DOUBLE");
    return m ? m : "";
}

void logLine(Log* log, int level, const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    if (log && g_logCallback) {
        g_logCallback(log, fmt, level, 0, args);
    } else {
        std::fprintf(stderr, "[%s] ", level == 1 ? "ERROR" : "WARN");
        std::vfprintf(stderr, fmt, args);
        std::fprintf(stderr, "\n");
    }
    va_end(args);
}

namespace {

// Every string value of a key in `keys` (and every string of an array value) found by scanning the text.
bool checkPaths(const std::string& json, std::string* bad) {
    for (const char* key : {"\"path\"", "\"extensions\"", "\"ctx-bins\""}) {
        for (size_t at = json.find(key); at != std::string::npos; at = json.find(key, at + 1)) {
            size_t p = json.find(':', at) + 1;
            while (p < json.size() && (json[p] == ' ' || json[p] == '\n')) ++p;
            const bool array = p < json.size() && json[p] == '[';
            const size_t end = array ? json.find(']', p) : json.find('"', json.find('"', p) + 1) + 1;
            for (size_t q = json.find('"', p); q != std::string::npos && q < end;) {
                const size_t close = json.find('"', q + 1);
                const std::string file = json.substr(q + 1, close - q - 1);
                if (file.empty() || file[0] != '/' || access(file.c_str(), R_OK) != 0) {
                    *bad = file;
                    return false;
                }
                q = json.find('"', close + 1);
            }
        }
    }
    return true;
}

// Load: PEREGRINE_GENIE_DOUBLE_LOADED=FILE creates FILE (tests prove a refusal came before any load).
// Unload: the contract's verdict.
struct Lifetime {
    Lifetime() {
        if (const char* file = std::getenv("PEREGRINE_GENIE_DOUBLE_LOADED"))
            if (FILE* f = std::fopen(file, "w")) std::fclose(f);
    }
    ~Lifetime() {
        std::lock_guard lock(g_mutex);
        if (!g_configs.empty()) violation("%zu dialog config(s) never freed", g_configs.size());
        if (!g_dialogs.empty()) violation("%zu dialog(s) never freed", g_dialogs.size());
        if (!g_logs.empty()) violation("%zu log handle(s) never freed", g_logs.size());
        if (g_violations) {
            std::fflush(stdout);
            _exit(86);
        }
    }
} g_lifetime;

}  // namespace

extern "C" {

GENIE_DOUBLE_API uint32_t Genie_getApiMajorVersion() {
    return 1;
}
#ifdef GENIE_DOUBLE_OLD
GENIE_DOUBLE_API uint32_t Genie_getApiMinorVersion() {
    return 10;
}
#else
GENIE_DOUBLE_API uint32_t Genie_getApiMinorVersion() {
    return 13;
}
#endif
GENIE_DOUBLE_API uint32_t Genie_getApiPatchVersion() {
    return 0;
}

GENIE_DOUBLE_API int32_t GenieDialogConfig_createFromJson(const char* json, Config** config) {
    std::lock_guard lock(g_mutex);
    if (!json || !config) return violation("createFromJson with a NULL argument"), -2;
    if (mode() == "config_fail") {
        logLine(nullptr, 1, "Unknown QnnHtp config key: %s", "peregrine-test-key");
        return -8;
    }
    std::string bad;
    if (!checkPaths(json, &bad)) {
        logLine(nullptr, 1, "Could not open '%s' (paths in genie_config.json must be absolute)", bad.c_str());
        violation("genie_config.json names '%s', not an existing absolute path", bad.c_str());
        return -9;
    }
    *config = new Config();
    g_configs.insert(*config);
    return 0;
}

GENIE_DOUBLE_API int32_t GenieDialogConfig_free(Config* config) {
    std::lock_guard lock(g_mutex);
    if (!g_configs.erase(config)) return violation("GenieDialogConfig_free of a handle not live"), -5;
    delete config;
    return 0;
}

GENIE_DOUBLE_API int32_t GenieDialog_create(Config* config, Dialog** dialog) {
    std::lock_guard lock(g_mutex);
    if (!g_configs.count(config) || !dialog) return violation("GenieDialog_create with a bad handle"), -5;
    if (mode() == "create_fail") {
        logLine(config->log, 1, "Failed to create device: %d", 14001);
        return -1;
    }
    *dialog = new Dialog();
    (*dialog)->log = config->log;
    g_dialogs.insert(*dialog);
    return 0;
}

}  // extern "C"
