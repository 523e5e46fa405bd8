#include "backends/genie/genie_library.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

namespace peregrine::genie {

namespace {

struct Entry {
    const char* name;
    void* slot;  // address of a function pointer in Api
    bool required;
};

template <typename F>
Entry entry(const char* name, F* slot, bool required = true) {
    return {name, reinterpret_cast<void*>(slot), required};
}

std::string dirOf(const std::string& file) {
    const auto slash = file.rfind('/');
    return slash == std::string::npos ? std::string(".") : file.substr(0, slash);
}

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
    const Entry entries[] = {
        entry("Genie_getApiMajorVersion", &api.apiMajorVersion),
        entry("Genie_getApiMinorVersion", &api.apiMinorVersion),
        entry("Genie_getApiPatchVersion", &api.apiPatchVersion),
        entry("GenieDialogConfig_createFromJson", &api.configCreateFromJson),
        entry("GenieDialogConfig_free", &api.configFree),
        entry("GenieDialog_create", &api.dialogCreate),
        entry("GenieDialog_query", &api.dialogQuery),
        entry("GenieDialog_reset", &api.dialogReset),
        entry("GenieDialog_free", &api.dialogFree),
        entry("GenieDialog_signal", &api.dialogSignal, false),
        entry("GenieLog_create", &api.logCreate, false),
        entry("GenieLog_free", &api.logFree, false),
        entry("GenieDialogConfig_bindLogger", &api.configBindLogger, false),
    };
    for (const Entry& e : entries) {
        void* symbol = dlsym(handle, e.name);
        if (!symbol && e.required)
            return Status::error("the library '" + requested + "' lacks " + e.name +
                                 ": not a Qualcomm libGenie, or one with another API");
        std::memcpy(e.slot, &symbol, sizeof symbol);
    }
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
    std::string d = "Genie " + version() + " (" + baseName(m_path) + " at " + dirOf(m_path) + ")";
    if (!m_api.dialogSignal) d += "; no GenieDialog_signal: a cancelled answer is cut off, not aborted";
    return d;
}

LogCapture::LogCapture(bool stderrToo) : m_lock(g_captureMutex) {
    g_activeCapture = this;
    if (!stderrToo) return;
    std::fflush(stderr);
    FILE* tmp = std::tmpfile();
    if (!tmp) return;  // no capture of stderr; the GenieLog path still works
    m_captureFd = dup(fileno(tmp));
    std::fclose(tmp);  // the dup keeps the (already unlinked) file alive
    m_savedStderr = dup(STDERR_FILENO);
    if (m_captureFd < 0 || m_savedStderr < 0 || dup2(m_captureFd, STDERR_FILENO) < 0) {
        if (m_captureFd >= 0) close(m_captureFd);
        if (m_savedStderr >= 0) close(m_savedStderr);
        m_captureFd = m_savedStderr = -1;
    }
}

LogCapture::~LogCapture() {
    finish();
}

std::vector<std::string> LogCapture::finish() {
    if (m_finished) return m_lines;
    m_finished = true;
    if (m_captureFd >= 0) {
        std::fflush(stderr);
        dup2(m_savedStderr, STDERR_FILENO);
        close(m_savedStderr);
        std::string text;
        char buf[4096];
        lseek(m_captureFd, 0, SEEK_SET);
        for (ssize_t n; (n = read(m_captureFd, buf, sizeof buf)) > 0;)
            text.append(buf, static_cast<size_t>(n));
        close(m_captureFd);
        if (verboseLog()) std::fputs(text.c_str(), stderr);
        size_t start = 0;
        while (start < text.size()) {
            size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            std::string line = trimmed(text.substr(start, end - start));
            if (!line.empty()) {
                m_lines.push_back(line);
                if (line.find("ERROR") != std::string::npos || line.find("<E>") != std::string::npos ||
                    line.find("rror") != std::string::npos)
                    m_errors.push_back(line);
            }
            start = end + 1;
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
