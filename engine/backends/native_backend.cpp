#include "backends/native_backend.h"

#include "kernels/kernel_table.h"
#include "model/model_info.h"
#include "tokenizer/tokenizer.h"

namespace peregrine {

NativeBackend::NativeBackend(std::unique_ptr<Session> session) : m_session(std::move(session)) {
    const ModelInfo& info = m_session->info();
    m_model.path = info.path;
    m_model.name = info.name;
    m_model.architecture = info.architecture;
    m_model.quantization = info.fileType;
    m_model.contextLength = m_session->contextLength();
    m_model.nParams = info.nParams;
    m_model.nVocab = info.nVocab;
    m_model.chatFamily = info.chatFamily;
}

std::string NativeBackend::runtimeDescription() const {
    return std::string("Peregrine engine (kernels ") + activeKernelTable().target + ")";
}

BackendCapabilities NativeBackend::capabilities() const {
    BackendCapabilities c;
    c.prefixReuse = true;
    c.threadLever = true;
    c.logits = true;
    c.textCompletion = true;
    c.local = true;
    return c;
}

Result<GenerationStats> NativeBackend::chat(std::span<const ChatMessage> conversation,
                                            const GenerateOptions& options, const TokenCallback& onToken) {
    return m_session->chat(conversation, options, onToken);
}

Result<GenerationStats> NativeBackend::complete(std::string_view prompt, const GenerateOptions& options,
                                                const TokenCallback& onToken) {
    return m_session->complete(prompt, options, onToken);
}

Result<std::vector<float>> NativeBackend::evaluate(std::span<const int32_t> tokens) {
    return m_session->evaluate(tokens);
}

Result<int> NativeBackend::prefillChat(std::span<const ChatMessage> conversation, int answerBudget,
                                       bool wholeQuestion) {
    return m_session->prefillChat(conversation, answerBudget, wholeQuestion);
}

Result<int> NativeBackend::countTokens(std::string_view text) const {
    return static_cast<int>(m_session->tokenizer().encode(std::string(text), true, false).size());
}

Result<std::unique_ptr<Backend>> openNativeBackend(const std::string& modelPath,
                                                   const SessionOptions& options) {
    auto session = Session::load(modelPath, options);
    if (!session) return session.status();
    return std::unique_ptr<Backend>(std::make_unique<NativeBackend>(std::move(*session)));
}

Session* nativeSession(Backend& backend) {
    auto* native = dynamic_cast<NativeBackend*>(&backend);
    return native ? &native->session() : nullptr;
}

}  // namespace peregrine
