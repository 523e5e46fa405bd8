// NativeBackend: the Peregrine engine (runtime/Session) behind the Backend interface. Claims every
// capability: prefix reuse, the thread lever, logits and plain completion. Thread and cost: as Session.
#pragma once

#include <memory>
#include <string>

#include "backends/backend.h"

namespace peregrine {

class NativeBackend final : public Backend {
public:
    // Takes ownership of a loaded session (tests pass doubles; openNativeBackend() loads a file).
    explicit NativeBackend(std::unique_ptr<Session> session);

    std::string_view kind() const override { return "native"; }
    std::string runtimeDescription() const override;
    BackendCapabilities capabilities() const override;
    const BackendModel& model() const override { return m_model; }

    Result<GenerationStats> chat(std::span<const ChatMessage> conversation, const GenerateOptions& options,
                                 const TokenCallback& onToken) override;
    Result<GenerationStats> complete(std::string_view prompt, const GenerateOptions& options,
                                     const TokenCallback& onToken) override;
    Result<std::vector<float>> evaluate(std::span<const int32_t> tokens) override;
    Result<int> prefillChat(std::span<const ChatMessage> conversation, int answerBudget,
                            bool wholeQuestion) override;
    void setThreads(int threads) override { m_session->setThreads(threads); }
    void reset() override { m_session->reset(); }
    Status modelFileStatus() const override { return m_session->modelFileStatus(); }
    const Tokenizer* tokenizer() const override { return &m_session->tokenizer(); }
    Result<int> countTokens(std::string_view text) const override;

    // The engine session, for native-only tools (benchmarks of engine internals, logits dumps).
    Session& session() { return *m_session; }

private:
    std::unique_ptr<Session> m_session;
    BackendModel m_model;
};

// Loads a GGUF file into the engine. Errors: those of Session::load.
Result<std::unique_ptr<Backend>> openNativeBackend(const std::string& modelPath,
                                                   const SessionOptions& options);

// The engine session behind a backend when it is the native one, else nullptr.
Session* nativeSession(Backend& backend);

}  // namespace peregrine
