#include "backends/llamacpp/llama_library.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <new>

#include "backends/dl_entries.h"

namespace peregrine::llamacpp {

namespace {

thread_local std::string t_lastError;

// llama.cpp and ggml log everything to stderr by default; keep only errors (for Status messages) and drop
// the rest so that the CLI's output is the answer alone. Set PEREGRINE_LLAMACPP_LOG=1 to see the log.
void logToPeregrine(int level, const char* text, void*) {
    static const bool verbose = std::getenv("PEREGRINE_LLAMACPP_LOG") != nullptr;
    if (verbose) std::fputs(text, stderr);
    if (level == LogError && text) {
        t_lastError = text;
        while (!t_lastError.empty() && (t_lastError.back() == '\n' || t_lastError.back() == ' '))
            t_lastError.pop_back();
    }
}

// A struct returned by value: the library writes sizeof(its struct) bytes through the hidden result pointer
// (both x86-64 and AArch64 return structs this large in memory). Filling ours and a guard behind it with a
// pattern shows whether the library's struct is larger (the guard is overwritten) or smaller (our last
// field keeps the pattern) than the layout declared in llama_api.h.
template <typename T>
struct Guarded {
    T value;
    unsigned char guard[512];
};
constexpr unsigned char kPattern = 0xA5;

template <typename T>
bool guardIntact(const Guarded<T>& g) {
    for (unsigned char b : g.guard)
        if (b != kPattern) return false;
    return true;
}

// Calls `f` with the pattern-filled `storage` as its result: the result object is created in place (C++17
// guaranteed elision), so the library's hidden result pointer is `storage` itself.
template <typename T>
const Guarded<T>& callGuarded(T (*f)(), unsigned char* storage) {
    std::memset(storage, kPattern, sizeof(Guarded<T>));
    // The compiler must not drop the pattern as dead (a new object's bytes start out indeterminate to it).
    asm volatile("" : : "r"(storage) : "memory");
    using Wide = Guarded<T> (*)();
    return *new (storage) Guarded<T>(reinterpret_cast<Wide>(reinterpret_cast<void (*)()>(f))());
}

Status checkParamLayouts(const Api& api) {
    alignas(Guarded<ModelParams>) unsigned char mpBytes[sizeof(Guarded<ModelParams>)];
    const Guarded<ModelParams>& mp = callGuarded<ModelParams>(api.modelDefaultParams, mpBytes);
    if (!guardIntact(mp) || mp.value.devices != nullptr || mp.value.kvOverrides != nullptr ||
        mp.value.progressCallback != nullptr || mp.value.vocabOnly || mp.value.noAlloc ||
        std::memchr(&mp.value.loadMtp, kPattern, 1) != nullptr)
        return Status::error("its llama_model_params differ from the llama.h Peregrine was written for");
    alignas(Guarded<ContextParams>) unsigned char cpBytes[sizeof(Guarded<ContextParams>)];
    const Guarded<ContextParams>& cp = callGuarded<ContextParams>(api.contextDefaultParams, cpBytes);
    const ContextParams& c = cp.value;
    if (!guardIntact(cp) || c.nBatch == 0 || c.nUbatch == 0 || c.nUbatch > c.nBatch || c.nSeqMax != 1 ||
        c.cbEval != nullptr || c.abortCallback != nullptr || c.samplers != nullptr || c.nSamplers != 0 ||
        c.ctxOther != nullptr || c.yarnExtFactor >= 0.0f || c.embeddings)
        return Status::error("its llama_context_params differ from the llama.h Peregrine was written for");
    return Status::ok();
}

Result<std::shared_ptr<const LlamaLibrary>> openUncached(const std::string& requested, LlamaLibrary* lib,
                                                         Api& api, std::string& path, std::string& version) {
    dlerror();
    void* handle = dlopen(requested.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = dlerror();
        return Status::error("cannot open the llama.cpp library '" + requested + "': " + (why ? why : "?") +
                             " (set runtimes.llamacpp.library, --llamacpp-lib or PEREGRINE_LLAMACPP_LIB)");
    }
    const dl::Entry entries[] = {
        dl::entry("llama_backend_init", &api.backendInit),
        dl::entry("llama_log_set", &api.logSet),
        dl::entry("llama_version", &api.version, false),
        dl::entry("llama_print_system_info", &api.printSystemInfo),
        dl::entry("ggml_backend_load_all_from_path", &api.ggmlBackendLoadAllFromPath),
        dl::entry("ggml_backend_load_all", &api.ggmlBackendLoadAll),
        dl::entry("ggml_backend_dev_count", &api.ggmlBackendDevCount),
        dl::entry("llama_model_default_params", &api.modelDefaultParams),
        dl::entry("llama_context_default_params", &api.contextDefaultParams),
        dl::entry("llama_sampler_chain_default_params", &api.samplerChainDefaultParams),
        dl::entry("llama_model_load_from_file", &api.modelLoadFromFile),
        dl::entry("llama_model_free", &api.modelFree),
        dl::entry("llama_init_from_model", &api.initFromModel),
        dl::entry("llama_free", &api.free),
        dl::entry("llama_n_ctx", &api.nCtx),
        dl::entry("llama_get_memory", &api.getMemory),
        dl::entry("llama_memory_seq_rm", &api.memorySeqRm),
        dl::entry("llama_memory_clear", &api.memoryClear),
        dl::entry("llama_model_get_vocab", &api.modelGetVocab),
        dl::entry("llama_model_n_ctx_train", &api.modelNCtxTrain),
        dl::entry("llama_model_n_params", &api.modelNParams),
        dl::entry("llama_model_meta_val_str", &api.modelMetaValStr),
        dl::entry("llama_model_desc", &api.modelDesc),
        dl::entry("llama_model_chat_template", &api.modelChatTemplate),
        dl::entry("llama_chat_apply_template", &api.chatApplyTemplate),
        dl::entry("llama_vocab_n_tokens", &api.vocabNTokens),
        dl::entry("llama_vocab_is_eog", &api.vocabIsEog),
        dl::entry("llama_tokenize", &api.tokenize),
        dl::entry("llama_token_to_piece", &api.tokenToPiece),
        dl::entry("llama_batch_get_one", &api.batchGetOne),
        dl::entry("llama_decode", &api.decode),
        dl::entry("llama_set_n_threads", &api.setNThreads),
        dl::entry("llama_sampler_chain_init", &api.samplerChainInit),
        dl::entry("llama_sampler_chain_add", &api.samplerChainAdd),
        dl::entry("llama_sampler_init_greedy", &api.samplerInitGreedy),
        dl::entry("llama_sampler_init_dist", &api.samplerInitDist),
        dl::entry("llama_sampler_init_top_k", &api.samplerInitTopK),
        dl::entry("llama_sampler_init_top_p", &api.samplerInitTopP),
        dl::entry("llama_sampler_init_min_p", &api.samplerInitMinP),
        dl::entry("llama_sampler_init_temp", &api.samplerInitTemp),
        dl::entry("llama_sampler_init_penalties", &api.samplerInitPenalties),
        dl::entry("llama_sampler_sample", &api.samplerSample),
        dl::entry("llama_sampler_free", &api.samplerFree),
    };
    if (const char* missing = dl::resolve(handle, entries))
        return Status::error("the library '" + requested + "' lacks " + missing +
                             ": not a llama.cpp libllama, or one with an older or newer API");
    Dl_info info{};
    path = dladdr(reinterpret_cast<void*>(api.backendInit), &info) && info.dli_fname ? info.dli_fname
                                                                                     : requested;
    if (Status layout = checkParamLayouts(api); !layout)
        return Status::error("the llama.cpp library '" + path + "' cannot be used: " + layout.message());
    if (api.version) version = api.version();

    api.logSet(logToPeregrine, nullptr);
    // Compute backends shipped as separate files live beside libllama (npm, release archives); a build
    // with them linked in has its CPU device already. ggml_backend_load_all() also looks beside the
    // executable and in GGML_BACKEND_PATH.
    if (api.ggmlBackendDevCount() == 0) api.ggmlBackendLoadAllFromPath(dl::directoryOf(path).c_str());
    if (api.ggmlBackendDevCount() == 0) api.ggmlBackendLoadAll();
    if (api.ggmlBackendDevCount() == 0)
        return Status::error("the llama.cpp library '" + path +
                             "' found no compute device: no ggml backend (libggml-cpu*.so) loaded from " +
                             dl::directoryOf(path));
    api.backendInit();
    return std::shared_ptr<const LlamaLibrary>(lib);
}

}  // namespace

std::string LlamaLibrary::resolvePath(const std::string& path) {
    if (!path.empty()) return path;
    if (const char* env = std::getenv("PEREGRINE_LLAMACPP_LIB"); env && *env) return env;
    return "libllama.so";
}

Result<std::shared_ptr<const LlamaLibrary>> LlamaLibrary::open(const std::string& path) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const LlamaLibrary>> opened;  // never closed (see header)
    const std::string requested = resolvePath(path);
    std::lock_guard lock(mutex);
    if (auto it = opened.find(requested); it != opened.end()) return it->second;
    auto* lib = new LlamaLibrary();
    auto result = openUncached(requested, lib, lib->m_api, lib->m_path, lib->m_version);
    if (!result) {
        delete lib;  // the handle stays open (harmless; the next try reopens the same mapping)
        return result.status();
    }
    opened[requested] = *result;
    return result;
}

std::string LlamaLibrary::description() const {
    return "llama.cpp " + (m_version.empty() ? std::string("(version unknown)") : m_version) + " (" + m_path +
           ")";
}

std::string LlamaLibrary::lastLoggedError() {
    return t_lastError;
}

}  // namespace peregrine::llamacpp
