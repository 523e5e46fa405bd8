// librkllmrt.so: opened once per path with dlopen (never closed: the runtime keeps NPU threads), entry
// points resolved by name, and the runtime version rules (see rkllm_backend.h).
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <regex>

#include "backends/dl_entries.h"
#include "backends/rkllm/rkllm_backend.h"
#include "backends/rkllm/rkllm_library.h"

namespace peregrine {

bool RkllmVersion::atLeast(int ma, int mi, int pa) const {
    if (major != ma) return major > ma;
    if (minor != mi) return minor > mi;
    return patch >= pa;
}

std::string RkllmVersion::text() const {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

RkllmVersion parseRkllmVersion(const std::string& text) {
    RkllmVersion v;
    int ma = 0, mi = 0, pa = 0;
    const int n = std::sscanf(text.c_str(), "%d.%d.%d", &ma, &mi, &pa);
    if (n >= 2 && ma >= 0 && mi >= 0) v = {ma, mi, n == 3 ? pa : 0};
    return v;
}

RkllmVersion rkllmVersionInLog(const std::vector<std::string>& lines) {
    static const std::regex pattern(R"(rkllm-runtime version:\s*v?([0-9]+\.[0-9]+(\.[0-9]+)?))");
    for (const std::string& line : lines) {
        std::smatch m;
        if (std::regex_search(line, m, pattern)) return parseRkllmVersion(m[1].str());
    }
    return {};
}

namespace rkllm {

Result<const Library*> openLibrary(const std::string& path) {
    static std::mutex mutex;
    static std::map<std::string, Library> opened;  // never closed (see above)
    std::string requested = path;
    if (requested.empty())
        if (const char* env = std::getenv("PEREGRINE_RKLLM_LIB"); env && *env) requested = env;
    if (requested.empty()) requested = "librkllmrt.so";
    std::lock_guard lock(mutex);
    if (auto it = opened.find(requested); it != opened.end()) return &it->second;
    dlerror();
    void* handle = dlopen(requested.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = dlerror();
        return Status::error("cannot open the RKLLM library '" + requested + "': " + (why ? why : "?") +
                             " (install librkllmrt.so 1.3.0 or newer, or set runtimes.rkllm.library / "
                             "--rkllm-lib)");
    }
    Library lib;
    Api& api = lib.api;
    const dl::Entry entries[] = {
        dl::entry("rkllm_createDefaultParam", &api.createDefaultParam),
        dl::entry("rkllm_init", &api.init),
        dl::entry("rkllm_run", &api.run),
        dl::entry("rkllm_abort", &api.abort),
        dl::entry("rkllm_destroy", &api.destroy),
        dl::entry("rkllm_clear_kv_cache", &api.clearKvCache),
        dl::entry("rkllm_is_running", &api.isRunning, false),
    };
    if (const char* missing = dl::resolve(handle, entries))
        return Status::error("the library '" + requested + "' lacks " + missing +
                             ": not a Rockchip librkllmrt, or one older than 1.2 (Peregrine needs 1.3.0)");
    Dl_info info{};
    lib.path =
        dladdr(reinterpret_cast<void*>(api.init), &info) && info.dli_fname ? info.dli_fname : requested;
    return &opened.emplace(requested, std::move(lib)).first->second;
}

}  // namespace rkllm

}  // namespace peregrine
