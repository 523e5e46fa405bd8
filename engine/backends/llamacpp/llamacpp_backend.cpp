#include "backends/llamacpp/llamacpp_backend.h"

#include <algorithm>

#include "core/defaults.h"

namespace peregrine {

using namespace llamacpp;

namespace {

std::string metaString(const Api& api, const Model* model, const char* key) {
    char buf[256];
    const int32_t n = api.modelMetaValStr(model, key, buf, sizeof buf);
    return n < 0 ? std::string() : std::string(buf, std::min<size_t>(static_cast<size_t>(n), sizeof buf - 1));
}

const char* fileTypeName(const std::string& value) {
    // general.file_type (llama_ftype) values of the common quantizations.
    static const std::pair<int, const char*> names[] = {
        {0, "F32"},     {1, "F16"},     {2, "Q4_0"},    {3, "Q4_1"},    {7, "Q8_0"},    {8, "Q5_0"},
        {9, "Q5_1"},    {10, "Q2_K"},   {11, "Q3_K_S"}, {12, "Q3_K_M"}, {13, "Q3_K_L"}, {14, "Q4_K_S"},
        {15, "Q4_K_M"}, {16, "Q5_K_S"}, {17, "Q5_K_M"}, {18, "Q6_K"},   {32, "BF16"}};
    if (value.empty()) return "";
    const int v = std::atoi(value.c_str());
    for (const auto& [id, name] : names)
        if (id == v) return name;
    return "";
}

}  // namespace

Result<std::unique_ptr<Backend>> openLlamaCppBackend(const std::string& modelPath,
                                                     const LlamaCppOptions& options) {
    auto library = LlamaLibrary::open(options.library);
    if (!library) return library.status();
    const Api& api = (*library)->api();
    std::unique_ptr<LlamaCppBackend> b(new LlamaCppBackend());
    b->m_library = *library;
    b->m_api = &api;

    ModelParams mp = api.modelDefaultParams();
    b->m_llamaModel = api.modelLoadFromFile(modelPath.c_str(), mp);
    if (!b->m_llamaModel) {
        const std::string why = LlamaLibrary::lastLoggedError();
        return Status::error("llama.cpp could not load '" + modelPath + "'" +
                             (why.empty() ? "" : ": " + why));
    }
    const int threads = defaults::resolveThreads(options.session.threads);
    const int trained = api.modelNCtxTrain(b->m_llamaModel);
    ContextParams cp = api.contextDefaultParams();
    cp.nCtx = static_cast<uint32_t>(std::max(
        16, trained > 0 ? std::min(options.session.contextLength, trained) : options.session.contextLength));
    cp.nThreads = threads;
    cp.nThreadsBatch = threads;
    cp.noPerf = true;
    b->m_ctx = api.initFromModel(b->m_llamaModel, cp);
    if (!b->m_ctx) {
        const std::string why = LlamaLibrary::lastLoggedError();
        return Status::error("llama.cpp could not create a context for '" + modelPath + "'" +
                             (why.empty() ? "" : ": " + why));
    }
    b->m_nCtx = static_cast<int>(api.nCtx(b->m_ctx));
    b->m_nBatch = static_cast<int>(std::max(1u, std::min(cp.nBatch, static_cast<uint32_t>(b->m_nCtx))));
    b->m_vocab = api.modelGetVocab(b->m_llamaModel);
    if (const char* tmpl = api.modelChatTemplate(b->m_llamaModel, nullptr)) b->m_template = tmpl;

    BackendModel& m = b->m_model;
    m.path = modelPath;
    m.name = metaString(api, b->m_llamaModel, "general.name");
    m.architecture = metaString(api, b->m_llamaModel, "general.architecture");
    m.quantization = fileTypeName(metaString(api, b->m_llamaModel, "general.file_type"));
    m.contextLength = b->m_nCtx;
    m.nParams = api.modelNParams(b->m_llamaModel);
    m.nVocab = api.vocabNTokens(b->m_vocab);
    m.chatFamily = detectChatFamily(b->m_template);
    return std::unique_ptr<Backend>(std::move(b));
}

LlamaCppBackend::~LlamaCppBackend() {
    if (m_ctx) m_api->free(m_ctx);
    if (m_llamaModel) m_api->modelFree(m_llamaModel);
}

BackendCapabilities LlamaCppBackend::capabilities() const {
    BackendCapabilities c;
    c.prefixReuse = true;
    c.threadLever = true;
    c.logits = false;
    c.textCompletion = true;
    c.local = true;
    return c;
}

void LlamaCppBackend::setThreads(int threads) {
    const int t = defaults::resolveThreads(threads);
    m_api->setNThreads(m_ctx, t, t);
}

void LlamaCppBackend::reset() {
    m_api->memoryClear(m_api->getMemory(m_ctx), true);
    m_cached.clear();
}

Result<std::vector<int32_t>> LlamaCppBackend::tokenize(std::string_view text, bool addSpecial,
                                                       bool parseSpecial) const {
    std::vector<int32_t> tokens(text.size() + 8);
    int32_t n = m_api->tokenize(m_vocab, text.data(), static_cast<int32_t>(text.size()), tokens.data(),
                                static_cast<int32_t>(tokens.size()), addSpecial, parseSpecial);
    if (n < 0) {
        tokens.resize(static_cast<size_t>(-n));
        n = m_api->tokenize(m_vocab, text.data(), static_cast<int32_t>(text.size()), tokens.data(),
                            static_cast<int32_t>(tokens.size()), addSpecial, parseSpecial);
    }
    if (n < 0) return Status::error("llama.cpp could not tokenize the prompt");
    tokens.resize(static_cast<size_t>(n));
    return tokens;
}

Result<int> LlamaCppBackend::countTokens(std::string_view text) const {
    auto tokens = tokenize(text, true, false);
    if (!tokens) return tokens.status();
    return static_cast<int>(tokens->size());
}

std::string LlamaCppBackend::piece(int32_t token) const {
    char buf[128];
    int32_t n = m_api->tokenToPiece(m_vocab, token, buf, sizeof buf, 0, false);
    if (n >= 0) return std::string(buf, static_cast<size_t>(n));
    std::string big(static_cast<size_t>(-n), '\0');
    n = m_api->tokenToPiece(m_vocab, token, big.data(), static_cast<int32_t>(big.size()), 0, false);
    big.resize(static_cast<size_t>(std::max(0, n)));
    return big;
}

}  // namespace peregrine
