// A test double of Rockchip's librkllmrt.so: the v1.3.0 C ABI (our own declarations below, written from the
// public rkllm.h's names and layouts) with a deterministic answer instead of an NPU model.
//
// Contract checks (a violation prints "rkllm double: contract: ..." and the process exits 86 at unload):
// rkllm_init gets a non-NULL RKLLMCallback with a result_callback and an existing model_path; rkllm_run
// gets a live handle, role "user" and a text prompt; rkllm_clear_kv_cache keeps the system prompt
// (keep_system_prompt = 1, what Peregrine promises); every handle is destroyed exactly once.
// At init it prints the runtime's version line on stdout, as the real runtime does:
// "I rkllm: rkllm-runtime version: V, rknpu driver version: 0.9.8, platform: RK3588", V from
// PEREGRINE_RKLLM_DOUBLE_VERSION (default 1.3.0).
// Modes (PEREGRINE_RKLLM_DOUBLE, read at each call): init_fail ("E rkllm: invalid rkllm model!" on stderr,
// -1), run_error (one piece, then RKLLM_RUN_ERROR and -1), slow (200 pieces 10 ms apart until rkllm_abort).
// PEREGRINE_RKLLM_DOUBLE_PROMPTS=FILE appends each prompt and a "\n--\n" line to FILE.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#define RKLLM_DOUBLE_API extern "C" __attribute__((visibility("default")))

namespace {

// --- the ABI (v1.3.0 layouts) ---
struct ExtendParam {
    int32_t base_domain_id;
    int8_t embed_flash, enabled_cpus_num;
    uint32_t enabled_cpus_mask;
    uint8_t n_batch;
    int8_t use_cross_attn;
    uint8_t reserved[104];
};
struct Param {
    const char* model_path;
    int32_t max_context_len, max_new_tokens, top_k, n_keep;
    float top_p, temperature, repeat_penalty, frequency_penalty, presence_penalty;
    int32_t mirostat;
    float mirostat_tau, mirostat_eta;
    bool skip_special_token, ignore_eos_token, is_async;
    ExtendParam extend_param;
};
struct Input {
    const char* role;
    bool enable_thinking;
    int input_type;  // 0: prompt
    union {
        const char* prompt_input;
        unsigned char multimodal[144];  // the union's largest member (RKLLMMultiModalInput)
    };
};
struct InferParam {
    int mode;
    void* lora_params;
    void* prompt_cache_params;
    void* sampling_params;
    int keep_history;
    int32_t max_new_tokens;
};
struct PerfStat {
    float prefill_time_ms;
    int prefill_tokens;
    float generate_time_ms;
    int generate_tokens;
    float memory_usage_mb;
};
struct Result {
    const char* text;
    int32_t token_id;
    struct {
        const float* hidden_states;
        int embd_size, num_tokens;
    } last_hidden_layer;
    struct {
        const float* logits;
        int vocab_size, num_tokens;
    } logits;
    PerfStat perf;
};
using ResultCallback = int (*)(Result*, void*, int state);
struct Callback {
    ResultCallback result_callback;
    void* result_userdata;
    void *tokenizer_callback, *tokenizer_userdata, *embed_callback, *embed_userdata;
};
constexpr int kNormal = 0, kWaiting = 1, kFinish = 2, kError = 3;

// --- the double's state ---
struct Model {
    ResultCallback callback;
    int turns = 0;
    std::atomic<bool> abort{false};
};
std::mutex g_mutex;
std::set<Model*> g_models;
int g_violations = 0;

void violation(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    std::fprintf(stderr, "rkllm double: contract: ");
    std::vfprintf(stderr, fmt, args);
    std::fprintf(stderr, "\n");
    va_end(args);
    ++g_violations;
}

std::string mode() {
    const char* m = std::getenv("PEREGRINE_RKLLM_DOUBLE");
    return m ? m : "";
}

struct Unload {
    ~Unload() {
        if (!g_models.empty()) violation("%zu handle(s) never destroyed", g_models.size());
        if (g_violations) {
            std::fflush(stdout);
            _exit(86);
        }
    }
} g_unload;

bool live(void* handle) {
    std::lock_guard lock(g_mutex);
    return g_models.count(static_cast<Model*>(handle)) != 0;
}

}  // namespace

RKLLM_DOUBLE_API Param rkllm_createDefaultParam() {
    Param p{};
    p.max_context_len = 512;
    p.max_new_tokens = -1;
    p.top_k = 1;
    p.top_p = 0.9f;
    p.temperature = 0.8f;
    p.repeat_penalty = 1.1f;
    p.mirostat_tau = 5.0f;
    p.mirostat_eta = 0.1f;
    p.extend_param.n_batch = 1;
    return p;
}

RKLLM_DOUBLE_API int rkllm_init(void** handle, Param* param, Callback* callback) {
    const char* version = std::getenv("PEREGRINE_RKLLM_DOUBLE_VERSION");
    std::printf("I rkllm: rkllm-runtime version: %s, rknpu driver version: 0.9.8, platform: RK3588\n",
                version ? version : "1.3.0");
    std::fflush(stdout);
    if (!handle || !param) return violation("rkllm_init with a NULL handle or param"), -1;
    if (!callback || !callback->result_callback)
        return violation("rkllm_init without an RKLLMCallback and its result_callback"), -1;
    if (!param->model_path || access(param->model_path, R_OK) != 0)
        return violation("rkllm_init with model_path '%s' that is not a readable file",
                         param->model_path ? param->model_path : "(null)"),
               -1;
    if (mode() == "init_fail") {
        std::fprintf(stderr, "E rkllm: invalid rkllm model!\n");
        return -1;
    }
    auto* m = new Model{callback->result_callback};
    std::lock_guard lock(g_mutex);
    g_models.insert(m);
    *handle = m;
    return 0;
}

// The answer: "Hello from the RKLLM double (turn N)." in pieces (N: runs since init or clear).
RKLLM_DOUBLE_API int rkllm_run(void* handle, Input* input, InferParam* infer, void* userdata) {
    if (!live(handle)) return violation("rkllm_run on a handle not live"), -1;
    if (!input || !input->role || std::strcmp(input->role, "user") != 0 || input->input_type != 0 ||
        !input->prompt_input)
        return violation("rkllm_run without a user text prompt"), -1;
    if (!infer) return violation("rkllm_run without RKLLMInferParam"), -1;
    if (const char* file = std::getenv("PEREGRINE_RKLLM_DOUBLE_PROMPTS"))
        if (FILE* f = std::fopen(file, "a")) {
            std::fprintf(f, "%s\n--\n", input->prompt_input);
            std::fclose(f);
        }
    auto* m = static_cast<Model*>(handle);
    m->abort = false;
    ++m->turns;
    const std::string md = mode();
    std::vector<std::string> pieces = {
        "Hello", " from", " the", " RKLLM", " double", " (turn " + std::to_string(m->turns) + ")", "."};
    if (md == "slow") pieces.assign(200, " tick");
    if (md == "run_error") pieces.resize(1);
    if (infer->max_new_tokens > 0 && pieces.size() > static_cast<size_t>(infer->max_new_tokens))
        pieces.resize(static_cast<size_t>(infer->max_new_tokens));
    Result r{};
    int generated = 0;
    m->callback(&r, userdata, kWaiting);  // an incomplete character first: nothing to show
    for (const std::string& piece : pieces) {
        if (m->abort) break;
        r.text = piece.c_str();
        r.token_id = 1000 + generated++;
        m->callback(&r, userdata, kNormal);
        if (md == "slow") std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    r.text = nullptr;
    if (md == "run_error") {
        m->callback(&r, userdata, kError);
        return -1;
    }
    r.perf.prefill_tokens = static_cast<int>(std::strlen(input->prompt_input) / 4 + 1);
    r.perf.prefill_time_ms = 12.5f;
    r.perf.generate_tokens = generated;
    r.perf.generate_time_ms = 10.0f * static_cast<float>(generated);
    r.perf.memory_usage_mb = 1234.0f;
    m->callback(&r, userdata, kFinish);
    return 0;
}

RKLLM_DOUBLE_API int rkllm_abort(void* handle) {
    if (!live(handle)) return violation("rkllm_abort on a handle not live"), -1;
    static_cast<Model*>(handle)->abort = true;
    return 0;
}

RKLLM_DOUBLE_API int rkllm_is_running(void* handle) {
    return live(handle) ? 0 : -1;
}

RKLLM_DOUBLE_API int rkllm_clear_kv_cache(void* handle, int keep_system_prompt, int*, int*) {
    if (!live(handle)) return violation("rkllm_clear_kv_cache on a handle not live"), -1;
    if (keep_system_prompt != 1) violation("rkllm_clear_kv_cache dropped the system prompt");
    static_cast<Model*>(handle)->turns = 0;
    return 0;
}

RKLLM_DOUBLE_API int rkllm_destroy(void* handle) {
    std::lock_guard lock(g_mutex);
    if (!g_models.erase(static_cast<Model*>(handle)))
        return violation("rkllm_destroy of a handle not live"), -1;
    delete static_cast<Model*>(handle);
    return 0;
}
