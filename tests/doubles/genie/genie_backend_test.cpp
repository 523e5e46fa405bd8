// GenieBackend against the libGenie.so doubles (tests/doubles/genie): the streamed answer, the chat template
// in the query, follow-up queries on the kept dialog, and each failure mode with its named reason. The
// doubles exit the process with 86 at unload if this backend broke Genie's contract (a handle leaked or
// freed twice, a NULL callback, a relative path in the config, the logger freed before its dialog).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../backend_answer.h"
#include "backends/genie/genie_backend.h"
#include "genie_test_bundle.h"

namespace peregrine {
namespace {

namespace fs = std::filesystem;

struct Mode {
    explicit Mode(const char* mode) { setenv("PEREGRINE_GENIE_DOUBLE", mode, 1); }
    ~Mode() { unsetenv("PEREGRINE_GENIE_DOUBLE"); }
};

class GenieBackendTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("peregrine_genie_backend_" + std::to_string(getpid()));
        fs::remove_all(m_dir);
        test::writeTestBundle(m_dir / "bundle");
        m_queries = (m_dir / "queries.txt").string();
        setenv("PEREGRINE_GENIE_DOUBLE_QUERIES", m_queries.c_str(), 1);
    }
    void TearDown() override {
        unsetenv("PEREGRINE_GENIE_DOUBLE_QUERIES");
        fs::remove_all(m_dir);
    }

    Result<std::unique_ptr<Backend>> open(const char* library = GENIE_DOUBLE_LIB) {
        GenieOptions options;
        options.library = library;
        return openGenieBackend((m_dir / "bundle").string(), options);
    }
    std::string queries() const {
        std::ifstream in(m_queries);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

    fs::path m_dir;
    std::string m_queries;
};

using test::Answer;
using test::ask;

TEST_F(GenieBackendTest, StreamsTheAnswerOfATemplatedQuery) {
    auto backend = open();
    ASSERT_TRUE(backend) << backend.message();
    Backend& b = **backend;
    EXPECT_EQ(b.kind(), "genie");
    EXPECT_EQ(b.runtimeDescription(),
              "Genie 1.13.0 (libGenie.so at " + fs::path(GENIE_DOUBLE_LIB).parent_path().string() + ")");
    EXPECT_EQ(b.model().contextLength, 4096);
    EXPECT_EQ(b.model().architecture, "llama3");
    EXPECT_FALSE(b.capabilities().threadLever);

    const Answer a = ask(b, {{"system", "Be brief."}, {"user", "Hi"}});
    ASSERT_TRUE(a.stats) << a.stats.message();
    EXPECT_EQ(a.text, "Hello from the Genie double (turn 1).");
    EXPECT_EQ(a.stats->stopReason, StopReason::EndOfText);
    EXPECT_EQ(a.stats->generatedTokens, 7);
    EXPECT_EQ(queries(),
              "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
              "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
              "<|start_header_id|>assistant<|end_header_id|>\n\n\n--\n");
}

TEST_F(GenieBackendTest, FollowUpQueriesOnlyTheNewTurnAndANewConversationResets) {
    auto backend = open();
    ASSERT_TRUE(backend) << backend.message();
    std::vector<ChatMessage> conversation = {{"user", "Hi"}};
    Answer first = ask(**backend, conversation);
    ASSERT_TRUE(first.stats) << first.stats.message();
    conversation.push_back({"assistant", first.text});
    conversation.push_back({"user", "And?"});
    fs::remove(m_queries);
    const Answer second = ask(**backend, conversation);
    ASSERT_TRUE(second.stats) << second.stats.message();
    EXPECT_EQ(second.text, "Hello from the Genie double (turn 2).");
    EXPECT_EQ(queries(),
              "<|start_header_id|>user<|end_header_id|>\n\nAnd?<|eot_id|>"
              "<|start_header_id|>assistant<|end_header_id|>\n\n\n--\n");
    const Answer fresh = ask(**backend, {{"user", "Other"}});
    EXPECT_EQ(fresh.text, "Hello from the Genie double (turn 1).");
}

TEST_F(GenieBackendTest, CreateFailureShowsTheRuntimesLogLine) {
    for (const char* library : {GENIE_DOUBLE_LIB, GENIE_DOUBLE_OLD_LIB}) {  // GenieLog, then stderr
        Mode mode("create_fail");
        auto backend = open(library);
        ASSERT_FALSE(backend) << library;
        EXPECT_EQ(backend.message(),
                  "Genie could not create the dialog of " + (m_dir / "bundle").string() +
                      ": GENIE_STATUS_ERROR_GENERAL (-1): general failure (the cause is in the runtime's log)"
                      " - runtime log: " +
                      (library == std::string(GENIE_DOUBLE_LIB) ? "" : "[ERROR] ") +
                      "Failed to create device: 14001")
            << library;
    }
}

TEST_F(GenieBackendTest, ConfigRefusalIsNamed) {
    Mode mode("config_fail");
    auto backend = open();
    ASSERT_FALSE(backend);
    EXPECT_NE(backend.message().find("Genie refused genie_config.json of " + (m_dir / "bundle").string() +
                                     ": GENIE_STATUS_ERROR_JSON_SCHEMA (-8)"),
              std::string::npos)
        << backend.message();
    EXPECT_NE(backend.message().find("runtime log: [ERROR] Unknown QnnHtp config key: peregrine-test-key"),
              std::string::npos)
        << backend.message();
}

TEST_F(GenieBackendTest, QueryFailureIsAnErrorAndTheDialogStaysUsable) {
    auto backend = open();
    ASSERT_TRUE(backend) << backend.message();
    {
        Mode mode("query_fail");
        const Answer a = ask(**backend, {{"user", "Hi"}});
        ASSERT_FALSE(a.stats);
        EXPECT_EQ(a.stats.message(),
                  "Genie's query failed: GENIE_STATUS_ERROR_QUERY_FAILED (-6): the query failed"
                  " - runtime log: GenerateFailed: graph execution failed on HTP (err 1002)");
        EXPECT_EQ(a.text, "Hello from the");
    }
    const Answer again = ask(**backend, {{"user", "Hi"}});
    ASSERT_TRUE(again.stats) << again.stats.message();
    EXPECT_EQ(again.text, "Hello from the Genie double (turn 1).");  // reset after the failure
}

TEST_F(GenieBackendTest, ContextExceededStopsWithContext) {
    auto backend = open();
    ASSERT_TRUE(backend) << backend.message();
    Mode mode("context");
    const Answer a = ask(**backend, {{"user", "Hi"}});
    ASSERT_TRUE(a.stats) << a.stats.message();
    EXPECT_EQ(a.stats->stopReason, StopReason::Context);
    EXPECT_EQ(a.text, "Hello from the");
}

TEST_F(GenieBackendTest, CancelAbortsThroughSignalOrStopsForwarding) {
    for (const char* library : {GENIE_DOUBLE_LIB, GENIE_DOUBLE_OLD_LIB}) {
        auto backend = open(library);
        ASSERT_TRUE(backend) << backend.message();
        Mode mode("slow");  // 200 pieces, 10 ms apart: 2 s unless aborted
        const auto start = std::chrono::steady_clock::now();
        const Answer a = ask(**backend, {{"user", "Hi"}}, 3);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        ASSERT_TRUE(a.stats) << a.stats.message();
        EXPECT_EQ(a.stats->stopReason, StopReason::Cancelled);
        EXPECT_EQ(a.text, " tick tick tick");
        if (library == std::string(GENIE_DOUBLE_LIB)) {
            EXPECT_LT(seconds, 1.0) << "GenieDialog_signal(ABORT) did not stop the query";
        } else {
            EXPECT_GT(seconds, 1.5);  // no signal: the query ran to its end, unforwarded
            EXPECT_NE((*backend)->runtimeDescription().find("Genie 1.10.0 (libGenie.so at"),
                      std::string::npos);
            EXPECT_NE(
                (*backend)->runtimeDescription().find("no GenieDialog_signal: a cancelled answer is cut off"),
                std::string::npos);
        }
    }
}

TEST_F(GenieBackendTest, MaxTokensStopsWithLength) {
    auto backend = open();
    ASSERT_TRUE(backend) << backend.message();
    const Answer a = ask(**backend, {{"user", "Hi"}}, -1, 2);
    ASSERT_TRUE(a.stats) << a.stats.message();
    EXPECT_EQ(a.text, "Hello from");
    EXPECT_EQ(a.stats->stopReason, StopReason::Length);
}

TEST_F(GenieBackendTest, LibraryProblemsAreNamed) {
    auto missing = open("/nonexistent/libGenie.so");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.message().rfind("cannot open the Genie library '/nonexistent/libGenie.so': ", 0), 0u)
        << missing.message();
    auto notGenie = open("libm.so.6");
    ASSERT_FALSE(notGenie);
    EXPECT_EQ(notGenie.message(),
              "the library 'libm.so.6' lacks Genie_getApiMajorVersion: not a Qualcomm "
              "libGenie, or one with another API");
}

}  // namespace
}  // namespace peregrine
