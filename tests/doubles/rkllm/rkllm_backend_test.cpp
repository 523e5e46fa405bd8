// RkllmBackend against the librkllmrt.so double (tests/doubles/rkllm): the streamed answer and the
// runtime's perf figures in the stats, follow-ups kept in the KV cache, the version rule (older than 1.3.0
// refused, by config before loading or by the runtime's log line), and each failure mode with its named
// reason. The double exits the process with 86 at unload if the backend broke RKLLM's contract.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../backend_answer.h"
#include "backends/rkllm/rkllm_backend.h"

namespace peregrine {
namespace {

namespace fs = std::filesystem;

struct Env {
    Env(const char* name, const char* value) : m_name(name) { setenv(name, value, 1); }
    ~Env() { unsetenv(m_name); }
    const char* m_name;
};

class RkllmBackendTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("peregrine_rkllm_backend_" + std::to_string(getpid()));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        m_model = (m_dir / "qwen2.5-1.5b-w8a8-rk3588.rkllm").string();
        std::ofstream(m_model) << "RKLLM";
        m_prompts = (m_dir / "prompts.txt").string();
        setenv("PEREGRINE_RKLLM_DOUBLE_PROMPTS", m_prompts.c_str(), 1);
    }
    void TearDown() override {
        unsetenv("PEREGRINE_RKLLM_DOUBLE_PROMPTS");
        fs::remove_all(m_dir);
    }
    Result<std::unique_ptr<Backend>> open(const std::string& version = "",
                                          const char* library = RKLLM_DOUBLE_LIB) {
        RkllmOptions options;
        options.library = library;
        options.runtimeVersion = version;
        options.session.contextLength = 2048;
        return openRkllmBackend(m_model, options);
    }
    std::string prompts() const {
        std::stringstream s;
        s << std::ifstream(m_prompts).rdbuf();
        return s.str();
    }

    fs::path m_dir;
    std::string m_model, m_prompts;
};

using test::Answer;
using test::ask;

TEST(RkllmVersion, ParsesAndCompares) {
    EXPECT_TRUE(parseRkllmVersion("1.3.0").atLeast(1, 3, 0));
    EXPECT_FALSE(parseRkllmVersion("1.2.3").atLeast(1, 3, 0));
    EXPECT_TRUE(parseRkllmVersion("2.0").atLeast(1, 3, 0));
    EXPECT_FALSE(parseRkllmVersion("x").valid());
    EXPECT_EQ(
        rkllmVersionInLog({"noise", "I rkllm: rkllm-runtime version: 1.1.4, rknpu driver version: 0.9.8"})
            .text(),
        "1.1.4");
    EXPECT_FALSE(rkllmVersionInLog({"I rkllm: loading"}).valid());
}

TEST_F(RkllmBackendTest, StreamsTheAnswerWithTheRuntimesPerfFigures) {
    auto backend = open();
    ASSERT_TRUE(backend) << backend.message();
    Backend& b = **backend;
    EXPECT_EQ(b.kind(), "rkllm");
    EXPECT_EQ(b.runtimeDescription(), "RKLLM 1.3.0 (" + std::string(RKLLM_DOUBLE_LIB) + ")");
    EXPECT_EQ(b.model().name, "qwen2.5-1.5b-w8a8-rk3588");
    const Answer a = ask(b, {{"system", "Be brief."}, {"user", "Hi there"}});
    ASSERT_TRUE(a.stats) << a.stats.message();
    EXPECT_EQ(a.text, "Hello from the RKLLM double (turn 1).");
    EXPECT_EQ(a.stats->stopReason, StopReason::EndOfText);
    EXPECT_EQ(a.stats->generatedTokens, 7);
    EXPECT_EQ(a.stats->promptTokens, 5);  // the double: strlen("Be brief.\n\nHi there") / 4 + 1
    EXPECT_DOUBLE_EQ(a.stats->promptMs, 12.5);
    EXPECT_DOUBLE_EQ(a.stats->decodeTokPerSec, 100.0);  // 7 tokens in 70 ms
    EXPECT_EQ(prompts(), "Be brief.\n\nHi there\n--\n");
}

TEST_F(RkllmBackendTest, FollowUpKeepsHistoryAndANewConversationClears) {
    auto backend = open();
    ASSERT_TRUE(backend) << backend.message();
    std::vector<ChatMessage> c = {{"user", "Hi"}};
    const Answer first = ask(**backend, c);
    c.push_back({"assistant", first.text});
    c.push_back({"user", "And?"});
    EXPECT_EQ(ask(**backend, c).text, "Hello from the RKLLM double (turn 2).");
    EXPECT_EQ(ask(**backend, {{"user", "Other"}}).text, "Hello from the RKLLM double (turn 1).");
    EXPECT_EQ(prompts(), "Hi\n--\nAnd?\n--\nOther\n--\n");
}

TEST_F(RkllmBackendTest, OlderRuntimesAreRefused) {
    auto byConfig = open("1.2.3", "/nonexistent/librkllmrt.so");  // refused before the library is opened
    ASSERT_FALSE(byConfig);
    EXPECT_EQ(
        byConfig.message(),
        "RKLLM needs runtime 1.3.0 or newer; this board has 1.2.3 (runtimes.rkllm.version): rkllm_init and "
        "the result callback changed in 1.3.0: update librkllmrt.so and reconvert the model with "
        "rkllm-toolkit 1.3.0");
    Env version("PEREGRINE_RKLLM_DOUBLE_VERSION", "1.1.4");
    auto byLog = open();
    ASSERT_FALSE(byLog);
    EXPECT_NE(byLog.message().find("this board has 1.1.4 (from its log)"), std::string::npos)
        << byLog.message();
}

TEST_F(RkllmBackendTest, InitFailureShowsTheRuntimesLogLine) {
    Env mode("PEREGRINE_RKLLM_DOUBLE", "init_fail");
    auto backend = open();
    ASSERT_FALSE(backend);
    EXPECT_EQ(backend.message(),
              "RKLLM could not load '" + m_model +
                  "' (rkllm_init returned -1) - runtime log: E rkllm: invalid rkllm model!");
}

TEST_F(RkllmBackendTest, RunErrorIsAnErrorAndTheModelStaysUsable) {
    auto backend = open();
    ASSERT_TRUE(backend) << backend.message();
    {
        Env mode("PEREGRINE_RKLLM_DOUBLE", "run_error");
        const Answer a = ask(**backend, {{"user", "Hi"}});
        ASSERT_FALSE(a.stats);
        EXPECT_EQ(a.stats.message(),
                  "RKLLM's run failed (rkllm_run returned -1, the result callback reported RKLLM_RUN_ERROR)");
    }
    EXPECT_EQ(ask(**backend, {{"user", "Hi"}}).text, "Hello from the RKLLM double (turn 1).");
}

TEST_F(RkllmBackendTest, CancelAbortsAndMaxTokensStopsWithLength) {
    auto backend = open();
    ASSERT_TRUE(backend) << backend.message();
    {
        Env mode("PEREGRINE_RKLLM_DOUBLE", "slow");  // 200 pieces 10 ms apart: 2 s unless aborted
        const auto start = std::chrono::steady_clock::now();
        const Answer a = ask(**backend, {{"user", "Hi"}}, 3);
        ASSERT_TRUE(a.stats) << a.stats.message();
        EXPECT_EQ(a.stats->stopReason, StopReason::Cancelled);
        EXPECT_EQ(a.text, " tick tick tick");
        EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.0);
    }
    const Answer a = ask(**backend, {{"user", "Hi"}}, -1, 2);
    ASSERT_TRUE(a.stats) << a.stats.message();
    EXPECT_EQ(a.text, "Hello from");
    EXPECT_EQ(a.stats->stopReason, StopReason::Length);
}

TEST_F(RkllmBackendTest, LibraryAndModelProblemsAreNamed) {
    auto missing = open("", "/nonexistent/librkllmrt.so");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.message().rfind("cannot open the RKLLM library '/nonexistent/librkllmrt.so': ", 0), 0u);
    auto notRkllm = open("", "libm.so.6");
    ASSERT_FALSE(notRkllm);
    EXPECT_EQ(notRkllm.message(),
              "the library 'libm.so.6' lacks rkllm_createDefaultParam: not a Rockchip "
              "librkllmrt, or one older than 1.2 (Peregrine needs 1.3.0)");
    RkllmOptions options;
    options.library = RKLLM_DOUBLE_LIB;
    EXPECT_EQ(openRkllmBackend((m_dir / "none.rkllm").string(), options).message(),
              "no RKLLM model at '" + (m_dir / "none.rkllm").string() + "'");
}

}  // namespace
}  // namespace peregrine
