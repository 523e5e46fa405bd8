// Backends: the native engine and llama.cpp behind the Backend interface. The llama.cpp cases run against the
// fixture of scripts/fetch-llamacpp.sh (build/llamacpp/) and skip without it (llamacpp_conformance is the
// test that fails when CI lacks it); the failure reasons need no fixture.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "backends/llamacpp/llama_library.h"
#include "backends/llamacpp/llamacpp_backend.h"
#include "backends/native_backend.h"

namespace peregrine {
namespace {

namespace fs = std::filesystem;
const fs::path kStories = fs::path(PEREGRINE_CONFORMANCE_DIR) / "models" / "stories260K.gguf";
const fs::path kFixtureLib = fs::path(PEREGRINE_SOURCE_DIR) / "build" / "llamacpp" / "lib" / "libllama.so";
const std::string kGolden =
    ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

GenerateOptions greedy(int tokens) {
    GenerateOptions o;
    o.maxTokens = tokens;
    o.sampling.temperature = 0;
    return o;
}

TEST(LlamaLibrary, MissingFileIsANamedError) {
    auto lib = llamacpp::LlamaLibrary::open("/nonexistent/libllama.so");
    ASSERT_FALSE(lib);
    EXPECT_TRUE(contains(lib.message(), "cannot open the llama.cpp library '/nonexistent/libllama.so'"))
        << lib.message();
}

TEST(LlamaLibrary, ALibraryThatIsNotLlamaCppNamesTheMissingEntryPoint) {
    auto lib = llamacpp::LlamaLibrary::open("libm.so.6");
    ASSERT_FALSE(lib);
    EXPECT_TRUE(contains(lib.message(), "lacks llama_backend_init")) << lib.message();
}

TEST(LlamaLibrary, PathComesFromTheOptionThenTheEnvironmentThenTheSearch) {
    ::setenv("PEREGRINE_LLAMACPP_LIB", "/env/libllama.so", 1);
    EXPECT_EQ(llamacpp::LlamaLibrary::resolvePath("/opt/libllama.so"), "/opt/libllama.so");
    EXPECT_EQ(llamacpp::LlamaLibrary::resolvePath(""), "/env/libllama.so");
    ::unsetenv("PEREGRINE_LLAMACPP_LIB");
    EXPECT_EQ(llamacpp::LlamaLibrary::resolvePath(""), "libllama.so");
}

TEST(NativeBackend, ClaimsEveryCapabilityAndContinuesLikeTheEngine) {
    if (!fs::exists(kStories)) GTEST_SKIP() << "conformance kit not found";
    auto backend = openNativeBackend(kStories.string(), {});
    ASSERT_TRUE(backend) << backend.message();
    Backend& b = **backend;
    EXPECT_EQ(b.kind(), "native");
    EXPECT_TRUE(contains(b.runtimeDescription(), "Peregrine engine (kernels "));
    const BackendCapabilities c = b.capabilities();
    EXPECT_TRUE(c.prefixReuse && c.threadLever && c.logits && c.textCompletion && c.local);
    EXPECT_NE(b.tokenizer(), nullptr);
    EXPECT_NE(nativeSession(b), nullptr);
    std::string text;
    auto stats = b.complete("Once upon a time", greedy(32), [&](std::string_view t, int32_t) {
        text += t;
        return true;
    });
    ASSERT_TRUE(stats) << stats.message();
    EXPECT_EQ(text, kGolden);
}

class LlamaCppBackendTest : public ::testing::Test {
protected:
    void SetUp() override {
#if !defined(__x86_64__)
        GTEST_SKIP() << "the llama.cpp fixture is a linux-x64 build";
#endif
        if (!fs::exists(kFixtureLib))
            GTEST_SKIP() << "llama.cpp fixture not fetched (scripts/fetch-llamacpp.sh)";
        if (!fs::exists(kStories)) GTEST_SKIP() << "conformance kit not found";
        LlamaCppOptions o;
        o.library = kFixtureLib.string();
        o.session.threads = 1;
        auto opened = openLlamaCppBackend(kStories.string(), o);
        ASSERT_TRUE(opened) << opened.message();
        m_backend = std::move(*opened);
    }
    std::unique_ptr<Backend> m_backend;
};

TEST_F(LlamaCppBackendTest, DescribesTheModelAndTheRuntime) {
    EXPECT_EQ(m_backend->kind(), "llamacpp");
    EXPECT_TRUE(contains(m_backend->runtimeDescription(), "llama.cpp ")) << m_backend->runtimeDescription();
    EXPECT_EQ(m_backend->model().architecture, "llama");
    EXPECT_EQ(m_backend->model().nVocab, 512);
    EXPECT_GT(m_backend->model().contextLength, 0);
    EXPECT_FALSE(m_backend->capabilities().logits);
    EXPECT_FALSE(m_backend->evaluate(std::vector<int32_t>{1, 2}));
}

TEST_F(LlamaCppBackendTest, CancelStopsBeforeTheNextTokenAndTheNextTurnReusesTheCache) {
    int seen = 0;
    std::vector<ChatMessage> conversation{{"system", "You tell stories."}, {"user", "Once upon a time"}};
    auto first =
        m_backend->chat(conversation, greedy(32), [&](std::string_view, int32_t) { return ++seen < 3; });
    ASSERT_TRUE(first) << first.message();
    EXPECT_EQ(first->stopReason, StopReason::Cancelled);
    EXPECT_EQ(first->generatedTokens, 3);
    EXPECT_EQ(first->reusedTokens, 0);
    EXPECT_GT(first->timeToFirstTokenMs, 0);

    conversation.push_back({"assistant", "There was a dog."});
    conversation.push_back({"user", "What was its name?"});
    auto second = m_backend->chat(conversation, greedy(8), [](std::string_view, int32_t) { return true; });
    ASSERT_TRUE(second) << second.message();
    EXPECT_GT(second->reusedTokens, 5);  // the system prompt and the first question stayed cached
    EXPECT_LT(second->reusedTokens, second->promptTokens);

    m_backend->reset();
    auto third = m_backend->chat(conversation, greedy(4), [](std::string_view, int32_t) { return true; });
    ASSERT_TRUE(third) << third.message();
    EXPECT_EQ(third->reusedTokens, 0);
}

TEST_F(LlamaCppBackendTest, ContinuesLikeTheKitsGolden) {
    std::string text;
    auto stats = m_backend->complete("Once upon a time", greedy(32), [&](std::string_view t, int32_t) {
        text += t;
        return true;
    });
    ASSERT_TRUE(stats) << stats.message();
    EXPECT_EQ(text, kGolden);
    EXPECT_EQ(stats->stopReason, StopReason::Length);
    EXPECT_EQ(stats->generatedTokens, 32);
}

TEST_F(LlamaCppBackendTest, AFileLlamaCppCannotLoadIsAnError) {
    const fs::path bad = fs::temp_directory_path() / "peregrine-backends-test-not-a-model.gguf";
    {
        std::FILE* f = std::fopen(bad.c_str(), "wb");
        std::fputs("GGUF but not really", f);
        std::fclose(f);
    }
    LlamaCppOptions o;
    o.library = kFixtureLib.string();
    auto opened = openLlamaCppBackend(bad.string(), o);
    fs::remove(bad);
    ASSERT_FALSE(opened);
    EXPECT_TRUE(contains(opened.message(), "llama.cpp could not load")) << opened.message();
}

}  // namespace
}  // namespace peregrine
