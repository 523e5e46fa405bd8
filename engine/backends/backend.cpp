#include "backends/backend.h"

namespace peregrine {

namespace {
Status unsupported(const Backend& b, std::string_view what) {
    return Status::error(std::string("the ") + std::string(b.kind()) + " backend cannot " +
                         std::string(what));
}
}  // namespace

Result<GenerationStats> Backend::complete(std::string_view, const GenerateOptions&, const TokenCallback&) {
    return unsupported(*this, "continue plain text (it only chats)");
}

Result<std::vector<float>> Backend::evaluate(std::span<const int32_t>) {
    return unsupported(*this, "return logits");
}

Result<int> Backend::prefillChat(std::span<const ChatMessage>, int, bool) {
    return 0;
}

void Backend::setThreads(int) {}

void Backend::reset() {}

Status Backend::modelFileStatus() const {
    return Status::ok();
}

Result<int> Backend::countTokens(std::string_view) const {
    return unsupported(*this, "count tokens");
}

const Tokenizer* Backend::tokenizer() const {
    return nullptr;
}

}  // namespace peregrine
