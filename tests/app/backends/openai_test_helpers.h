// Helpers of the OpenAiBackend tests: open a backend on a fake-server URL, ask one fixed question (optionally
// cancelling after N pieces), and check an error's reason. Thread: the test's main thread.
#pragma once

#include <QtTest>
#include <memory>
#include <string>

#include "backends/openai_backend.h"

namespace peregrine::openai_test {

struct Answer {
    Result<GenerationStats> stats = Status::error("not run");
    std::string text;
    int pieces = 0;
};

inline std::unique_ptr<Backend> open(const std::string& url, int stallMs = 15000,
                                     const std::string& key = {}) {
    OpenAiEndpoint e;
    e.url = url;
    e.apiKey = key;
    e.stallTimeoutMs = stallMs;
    auto b = openOpenAiBackend(e);
    return b ? std::move(b.value()) : nullptr;
}

inline Answer ask(Backend& b, int cancelAfter = -1) {
    const std::vector<ChatMessage> conv{{"system", "You are brief."}, {"user", "Say hello."}};
    GenerateOptions o;
    o.maxTokens = 48;
    o.sampling.temperature = 0.2f;
    o.sampling.topK = 20;
    Answer a;
    a.stats = b.chat(conv, o, [&](std::string_view text, int32_t) {
        a.text += text;
        return ++a.pieces != cancelAfter;
    });
    return a;
}

inline void expectError(const Answer& a, const char* needle) {
    QVERIFY2(!a.stats.isOk(), "the answer should have failed");
    QVERIFY2(a.stats.message().find(needle) != std::string::npos, a.stats.message().c_str());
}

}  // namespace peregrine::openai_test
