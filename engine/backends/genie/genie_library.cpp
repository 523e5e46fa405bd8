#include "backends/genie/genie_library.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

#include "backends/dl_entries.h"

namespace peregrine::genie {

namespace {

std::string baseName(const std::string& file) {
    const auto slash = file.rfind('/');
    return slash == std::string::npos ? file : file.substr(slash + 1);
}

std::mutex g_captureMutex;              // one capture at a time (Genie's logger is process-global)
LogCapture* g_activeCapture = nullptr;  // guarded by g_captureMutex (held by the active capture)

bool verboseLog() {
    static const bool verbose = std::getenv("PEREGRINE_GENIE_LOG") != nullptr;
    return verbose;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

}  // namespace

std::string GenieLibrary::resolvePath(const std::string& path) {
    if (!path.empty()) return path;
    if (const char* env = std::getenv("PEREGRINE_GENIE_LIB"); env && *env) return env;
    return "libGenie.so";
}

Result<std::shared_ptr<const GenieLibrary>> GenieLibrary::open(const std::string& path) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const GenieLibrary>> opened;  // never closed (see header)
    const std::string requested = resolvePath(path);
    std::lock_guard lock(mutex);
    if (auto it = opened.find(requested); it != opened.end()) return it->second;

    dlerror();
    void* handle = dlopen(requested.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = dlerror();
        return Status::error("cannot open the Genie library '" + requested + "': " + (why ? why : "?") +
                             " (put QAIRT's lib folder on LD_LIBRARY_PATH, or set runtimes.genie.library / "
                             "--genie-lib)");
    }
    std::shared_ptr<GenieLibrary> lib(new GenieLibrary());
    Api& api = lib->m_api;
    const dl::Entry entries[] = {
        dl::entry("Genie_getApiMajorVersion", &api.apiMajorVersion),
        dl::entry("Genie_getApiMinorVersion", &api.apiMinorVersion),
        dl::entry("Genie_getApiPatchVersion", &api.apiPatchVersion),
        dl::entry("GenieDialogConfig_createFromJson", &api.configCreateFromJson),
        dl::entry("GenieDialogConfig_free", &api.configFree),
        dl::entry("GenieDialog_create", &api.dialogCreate),
        dl::entry("GenieDialog_query", &api.dialogQuery),
        dl::entry("GenieDialog_reset", &api.dialogReset),
        dl::entry("GenieDialog_free", &api.dialogFree),
        dl::entry("GenieDialog_signal", &api.dialogSignal, false),
        dl::entry("GenieLog_create", &api.logCreate, false),
        dl::entry("GenieLog_free", &api.logFree, false),
        dl::entry("GenieDialogConfig_bindLogger", &api.configBindLogger, false),
    };
    if (const char* missing = dl::resolve(handle, entries))
        return Status::error("the library '" + requested + "' lacks " + missing +
                             ": not a Qualcomm libGenie, or one with another API");
    if (!api.logCreate || !api.logFree || !api.configBindLogger)
        api.logCreate = nullptr, api.logFree = nullptr, api.configBindLogger = nullptr;  // all or none
    Dl_info info{};
    lib->m_path = dladdr(reinterpret_cast<void*>(api.dialogQuery), &info) && info.dli_fname
                      ? std::string(info.dli_fname)
                      : requested;
    lib->m_major = api.apiMajorVersion();
    lib->m_minor = api.apiMinorVersion();
    lib->m_patch = api.apiPatchVersion();
    if (lib->m_major != 1)
        return Status::error("the Genie library '" + lib->m_path + "' has API " + lib->version() +
                             ": Peregrine speaks Genie API 1.x");
    opened[requested] = lib;
    return std::shared_ptr<const GenieLibrary>(lib);
}

std::string GenieLibrary::version() const {
    return std::to_string(m_major) + "." + std::to_string(m_minor) + "." + std::to_string(m_patch);
}

std::string GenieLibrary::description() const {
    std::string d = "Genie " + version() + " (" + baseName(m_path) + " at " + dl::directoryOf(m_path) + ")";
    if (!m_api.dialogSignal) d += "; no GenieDialog_signal: a cancelled answer is cut off, not aborted";
    return d;
}

LogCapture::LogCapture(bool stderrToo) : m_lock(g_captureMutex) {
    g_activeCapture = this;
    if (stderrToo) m_stderr.emplace(STDERR_FILENO);
}

LogCapture::~LogCapture() {
    finish();
}

std::vector<std::string> LogCapture::finish() {
    if (m_finished) return m_lines;
    m_finished = true;
    if (m_stderr) {
        for (const std::string& line : m_stderr->finish(verboseLog())) {
            m_lines.push_back(line);
            if (line.find("ERROR") != std::string::npos || line.find("<E>") != std::string::npos ||
                line.find("rror") != std::string::npos)
                m_errors.push_back(line);
        }
    }
    g_activeCapture = nullptr;
    m_lock.unlock();
    return m_lines;
}

std::string LogCapture::lastLine() {
    finish();
    if (!m_errors.empty()) return m_errors.back();
    return m_lines.empty() ? std::string() : m_lines.back();
}

void LogCapture::onLog(LogHandle, const char* fmt, LogLevel level, uint64_t, va_list args) {
    char buf[1024];
    std::vsnprintf(buf, sizeof buf, fmt ? fmt : "", args);
    const std::string line = trimmed(buf);
    if (verboseLog()) std::fprintf(stderr, "genie: %s\n", line.c_str());
    // Runs on the thread of the Genie call that the active capture wraps (it holds g_captureMutex).
    LogCapture* capture = g_activeCapture;
    if (!capture || line.empty() || level > LogWarn) return;
    capture->m_lines.push_back(line);
    if (level == LogError) capture->m_errors.push_back(line);
}

}  // namespace peregrine::genie
