// peregrine-openai-chat: a developer tool (not installed) that asks one question through OpenAiBackend and
// streams the answer to stdout, as `peregrine-cli run --backend openai --chat` will once the lead wires the
// backend factory. Stats go to stderr; a failure exits 1 with the reason. Used by the e2e tests (the strace
// positive control, dead endpoints).
//   peregrine-openai-chat --endpoint http://127.0.0.1:8080/v1 -p "Hello" [-n 64] [--temp 0.7] [--model M]
//                         [--api-key-file FILE] [--stall-ms 15000]
#include <QCoreApplication>
#include <QStringList>
#include <cstdio>

#include "backends/api_key_file.h"
#include "backends/openai_backend.h"

using namespace peregrine;

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    OpenAiEndpoint e;
    std::string prompt;
    GenerateOptions o;
    o.maxTokens = 64;
    for (int i = 1; i < args.size(); ++i) {
        const QString a = args[i];
        const bool hasValue = i + 1 < args.size();
        const QString v = hasValue ? args[i + 1] : QString();
        if (a == "--endpoint" && hasValue) {
            e.url = v.toStdString();
        } else if (a == "-p" && hasValue) {
            prompt = v.toStdString();
        } else if (a == "-n" && hasValue) {
            o.maxTokens = v.toInt();
        } else if (a == "--temp" && hasValue) {
            o.sampling.temperature = v.toFloat();
        } else if (a == "--model" && hasValue) {
            e.model = v.toStdString();
        } else if (a == "--stall-ms" && hasValue) {
            e.stallTimeoutMs = v.toInt();
        } else if (a == "--api-key-file" && hasValue) {
            auto key = readApiKeyFile(v);
            if (!key) {
                std::fprintf(stderr, "error: %s\n", key.message().c_str());
                return 1;
            }
            e.apiKey = key.value();
        } else {
            std::fprintf(stderr,
                         "usage: peregrine-openai-chat --endpoint URL -p TEXT [-n N] [--temp T] "
                         "[--model M] [--api-key-file FILE] [--stall-ms MS]\n");
            return 2;
        }
        ++i;
    }
    auto backend = openOpenAiBackend(e);
    if (!backend) {
        std::fprintf(stderr, "error: %s\n", backend.message().c_str());
        return 1;
    }
    std::fprintf(
        stderr, "backend: %s, model %s\n", backend.value()->runtimeDescription().c_str(),
        backend.value()->model().name.empty() ? "(server's)" : backend.value()->model().name.c_str());
    const std::vector<ChatMessage> conversation{{"user", prompt}};
    auto stats = backend.value()->chat(conversation, o, [](std::string_view text, int32_t) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return true;
    });
    std::fputc('\n', stdout);
    if (!stats) {
        std::fprintf(stderr, "error: %s\n", stats.message().c_str());
        return 1;
    }
    const GenerationStats& s = stats.value();
    std::fprintf(stderr,
                 "stats: prompt %d tokens (%d reused), %d generated, ttft %.1f ms, prompt %.1f tok/s, "
                 "decode %.1f tok/s, stop %s\n",
                 s.promptTokens, s.reusedTokens, s.generatedTokens, s.timeToFirstTokenMs, s.promptTokPerSec,
                 s.decodeTokPerSec, s.stopReason.c_str());
    return 0;
}
