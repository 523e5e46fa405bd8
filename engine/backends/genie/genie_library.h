// GenieLibrary: a libGenie.so opened with dlopen, every entry point resolved by name (a missing required one
// is a named reason, never a crash), its API version read from the three version getters, and the
// runtime's log captured: through GenieLog where the library has it, else by capturing what it writes to
// stderr while a call runs (GenieDialog_create reports most failures as a bare -1; the cause is only in
// the log).
//
// Ownership and lifetime: a library is opened once per path for the life of the process and never closed
// (QNN keeps threads and DSP sessions). open() is thread-safe; the Api is read-only afterwards.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "backends/genie/genie_api.h"
#include "backends/output_capture.h"
#include "core/status.h"

namespace peregrine::genie {

class GenieLibrary {
public:
    // `path` when not empty, else $PEREGRINE_GENIE_LIB, else "libGenie.so" through the linker's search (on a
    // board QAIRT's lib folder is on LD_LIBRARY_PATH). Errors: "cannot open the Genie library ...", "the
    // library ... lacks GenieDialog_query: not a Qualcomm libGenie, or one with another API".
    static Result<std::shared_ptr<const GenieLibrary>> open(const std::string& path);
    static std::string resolvePath(const std::string& path);

    const Api& api() const { return m_api; }
    const std::string& path() const { return m_path; }  // the file the loader mapped
    std::string version() const;                        // "1.13.0"
    uint32_t major() const { return m_major; }
    uint32_t minor() const { return m_minor; }
    // "Genie 1.13.0 (libGenie.so at /opt/qairt/lib)", plus what this build cannot do ("no abort").
    std::string description() const;

private:
    GenieLibrary() = default;
    Api m_api{};
    std::string m_path;
    uint32_t m_major = 0, m_minor = 0, m_patch = 0;
};

// The runtime's log lines while one call runs. Create it right before the call and read lines() after:
// with a GenieLog handle bound to the config the lines come through the callback (process-global: Genie's
// log callback gets no user data, so captures are serialized by a mutex); otherwise stderr (fd 2) is
// redirected into a temporary file for the lifetime of the capture and restored after. Warnings and errors
// are kept; PEREGRINE_GENIE_LOG=1 also echoes everything to the real stderr.
class LogCapture {
public:
    // stderrToo: also capture fd 2 (for a library without GenieLog, or a call before a logger is bound).
    explicit LogCapture(bool stderrToo = true);
    ~LogCapture();
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;

    // Stops capturing (idempotent) and returns the error/warning lines seen, oldest first.
    std::vector<std::string> finish();
    // The line to show with a failure: the last error line, else the last line; "" when none.
    std::string lastLine();

    // The GenieLog callback: appends to the active capture (if any).
    static void onLog(LogHandle, const char* fmt, LogLevel level, uint64_t, va_list args);

private:
    std::unique_lock<std::mutex> m_lock;
    std::optional<OutputCapture> m_stderr;
    bool m_finished = false;
    std::vector<std::string> m_lines;
    std::vector<std::string> m_errors;
};

}  // namespace peregrine::genie
