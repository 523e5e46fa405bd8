// LlamaLibrary: a libllama.so opened with dlopen, its entry points resolved and its API checked, and the
// ggml compute backends next to it loaded (npm and release builds ship the CPU backends as separate
// libggml-cpu-*.so files that ggml loads at run time; a build with them linked in needs none).
//
// Ownership and lifetime: a library is opened once per path for the life of the process and never closed
// (ggml keeps global state and threads that a dlclose would pull out from under them). open() is
// thread-safe; the Api is read-only afterwards. Cost: the first open of a path loads several MB of code.
#pragma once

#include <memory>
#include <string>

#include "backends/llamacpp/llama_api.h"
#include "core/status.h"

namespace peregrine::llamacpp {

class LlamaLibrary {
public:
    // Where the library comes from: `path` when not empty, else $PEREGRINE_LLAMACPP_LIB, else "libllama.so"
    // through the dynamic linker's search. Errors name what failed: the file ("cannot open ..."), a missing
    // entry point ("... lacks llama_xxx: not a llama.cpp libllama, or an older/newer API"), struct layouts
    // that differ, or no compute device.
    static Result<std::shared_ptr<const LlamaLibrary>> open(const std::string& path);
    // The path open() would use for `path` (explicit, env, or the search name).
    static std::string resolvePath(const std::string& path);

    const Api& api() const { return m_api; }
    const std::string& path() const { return m_path; }        // the file the loader actually mapped
    const std::string& version() const { return m_version; }  // llama_version(), "" when absent
    // "llama.cpp v0.4.0 (/path/libllama.so)".
    std::string description() const;

    // The last error llama.cpp logged on this thread (load failures explain themselves only in the log).
    static std::string lastLoggedError();

private:
    LlamaLibrary() = default;
    Api m_api{};
    std::string m_path;
    std::string m_version;
};

}  // namespace peregrine::llamacpp
