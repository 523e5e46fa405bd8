// Entry points of a vendor library opened with dlopen (llama.cpp, Qualcomm Genie, Rockchip RKLLM): a table
// of names and the Api function-pointer slots they fill, resolved in one pass. Thread: any; cheap.
#pragma once

#include <dlfcn.h>

#include <cstring>
#include <span>
#include <string>

namespace peregrine::dl {

struct Entry {
    const char* name;
    void* slot;  // address of a function pointer in an Api struct
    bool required;
};

template <typename F>
Entry entry(const char* name, F* slot, bool required = true) {
    return {name, reinterpret_cast<void*>(slot), required};
}

// Fills every slot from `handle` (a missing optional one becomes null). Returns the name of the first
// required entry point that is missing, or nullptr when all are there.
inline const char* resolve(void* handle, std::span<const Entry> entries) {
    for (const Entry& e : entries) {
        void* symbol = dlsym(handle, e.name);
        if (!symbol && e.required) return e.name;
        std::memcpy(e.slot, &symbol, sizeof symbol);
    }
    return nullptr;
}

// The folder of a library path ("." for a bare name).
inline std::string directoryOf(const std::string& file) {
    const auto slash = file.rfind('/');
    return slash == std::string::npos ? std::string(".") : file.substr(0, slash);
}

}  // namespace peregrine::dl
