// RkllmBackend: a .rkllm model run on the RK3588/RK3576 NPU by the board's librkllmrt.so (dlopen, no
// build-time dependency), behind the Backend interface. Speaks the v1.3.0 ABI (rkllm_api.h); an older
// runtime is refused with a named reason before rkllm_run could call it with the wrong callback signature:
// by runtimes.rkllm.version when given (before the library is opened), else by the version line the runtime
// logs at rkllm_init ("rkllm-runtime version: 1.2.3, ...": the runtime has no version call).
//
// Chat: RKLLM applies the model's own chat template (built in at conversion) to each user turn and keeps
// history in its KV cache (keep_history = 1). A conversation that extends the one already sent queries only
// its new user message; anything else clears the KV cache (rkllm_clear_kv_cache keeping the model's system
// prompt) and sends the last user message, with the conversation's system prompt in front of it. Cancel:
// rkllm_abort from a second thread. Stats come from the runtime's perf figures (prefill and generate).
//
// Thread: one thread at a time; the result callback runs on the calling thread (synchronous rkllm_run).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "backends/rkllm/rkllm_api.h"

namespace peregrine {

struct RkllmOptions {
    std::string library;         // librkllmrt.so path; "" = $PEREGRINE_RKLLM_LIB, else the linker's search
    std::string runtimeVersion;  // runtimes.rkllm.version ("" = read from the runtime's log at init)
    SessionOptions session;      // contextLength -> max_context_len; threads -> enabled CPUs (0: runtime's)
};

// Errors: "RKLLM needs runtime 1.3.0 or newer; this board has 1.2.3 (...)", "cannot open the RKLLM library
// ...", "the library ... lacks rkllm_init ...", "RKLLM could not load MODEL (rkllm_init returned -1) -
// runtime log: E rkllm: invalid rkllm model!".
Result<std::unique_ptr<Backend>> openRkllmBackend(const std::string& modelPath, const RkllmOptions& options);

// "1.3.0" -> {1,3,0}; nullopt-like {-1,...} when it does not parse. Exposed for tests.
struct RkllmVersion {
    int major = -1, minor = 0, patch = 0;
    bool valid() const { return major >= 0; }
    bool atLeast(int ma, int mi, int pa) const;
    std::string text() const;
};
RkllmVersion parseRkllmVersion(const std::string& text);
// The version in a runtime log line ("I rkllm: rkllm-runtime version: 1.3.0, rknpu driver ...").
RkllmVersion rkllmVersionInLog(const std::vector<std::string>& lines);

class RkllmBackend final : public Backend {
public:
    ~RkllmBackend() override;

    std::string_view kind() const override { return "rkllm"; }
    std::string runtimeDescription() const override { return m_description; }
    BackendCapabilities capabilities() const override;
    const BackendModel& model() const override { return m_model; }

    Result<GenerationStats> chat(std::span<const ChatMessage> conversation, const GenerateOptions& options,
                                 const TokenCallback& onToken) override;
    void reset() override;

private:
    friend Result<std::unique_ptr<Backend>> openRkllmBackend(const std::string&, const RkllmOptions&);
    RkllmBackend() = default;

    const rkllm::Api* m_api = nullptr;
    rkllm::Handle m_handle = nullptr;
    std::string m_description;
    BackendModel m_model;
    std::vector<ChatMessage> m_held;  // the conversation the KV cache holds (with the last answer)
    bool m_fresh = true;
};

}  // namespace peregrine
