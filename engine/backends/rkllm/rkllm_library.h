// The opened librkllmrt.so: its entry points and the file the loader mapped. See rkllm_backend.h.
#pragma once

#include <string>

#include "backends/rkllm/rkllm_api.h"
#include "core/status.h"

namespace peregrine::rkllm {

struct Library {
    Api api{};
    std::string path;
};

// `path`, else $PEREGRINE_RKLLM_LIB, else "librkllmrt.so" through the linker's search. The Library lives for
// the process. Thread-safe.
Result<const Library*> openLibrary(const std::string& path);

}  // namespace peregrine::rkllm
