// One definition of the sampling defaults and of "auto" threads (core/defaults.h): the config schema's
// defaults (what `peregrine-cli config` prints and the app starts with), the app's SamplingSettings, the
// engine's GenerateOptions and the CLI's run/chat options when no option is given all agree; options given
// on the command line do change them (the parser is the one the CLI uses); thread count 0 means the same
// everywhere.
#include <QTest>

#include "cli/arg_parser.h"
#include "cli/sampling_args.h"
#include "config/app_config.h"
#include "config/config_schema.h"
#include "core/defaults.h"
#include "inference/inference_types.h"
#include "runtime/session.h"
#include "threads/thread_pool.h"

using namespace peregrine;

namespace {

// The CLI's options for a command line (as cmd_run/cmd_chat read them).
bool cliOptions(const std::vector<std::string>& args, GenerateOptions* go, SessionOptions* so) {
    cli::ArgParser p(
        {"-n", "--temp", "--seed", "--top-k", "--top-p", "--min-p", "--repeat-penalty", "-t", "-c"}, {});
    std::string error;
    return p.parse(args) && cli::applySamplingArgs(p, go, so, &error);
}

double schemaDefault(const char* key) {
    bool ok = false;
    const double v = configValueText(AppConfig{}, QString::fromLatin1(key)).toDouble(&ok);
    return ok ? v : -12345;
}

}  // namespace

class TestDefaults : public QObject {
    Q_OBJECT

private slots:
    void cliDefaultsEqualConfigDefaults() {
        GenerateOptions go;
        SessionOptions so;
        QVERIFY(cliOptions({}, &go, &so));
        const InferenceConfig config;
        QCOMPARE(go.maxTokens, config.maxTokens);
        QCOMPARE(go.sampling.temperature, static_cast<float>(config.temperature));
        QCOMPARE(go.sampling.topP, static_cast<float>(config.topP));
        QCOMPARE(go.sampling.topK, config.topK);
        QCOMPARE(go.sampling.minP, static_cast<float>(config.minP));
        QCOMPARE(go.sampling.repeatPenalty, static_cast<float>(config.repeatPenalty));
        QCOMPARE(so.threads, config.threads);
        QCOMPARE(so.contextLength, config.contextLength);
    }

    void schemaAndAppTypesUseTheSameValues() {
        QCOMPARE(schemaDefault("inference.max_tokens"), double(defaults::kMaxTokens));
        QCOMPARE(schemaDefault("inference.temperature"), defaults::kTemperature);
        QCOMPARE(schemaDefault("inference.top_p"), defaults::kTopP);
        QCOMPARE(schemaDefault("inference.top_k"), double(defaults::kTopK));
        QCOMPARE(schemaDefault("inference.min_p"), defaults::kMinP);
        QCOMPARE(schemaDefault("inference.repeat_penalty"), defaults::kRepeatPenalty);
        QCOMPARE(schemaDefault("inference.threads"), 0.0);  // auto
        QCOMPARE(schemaDefault("inference.context_length"), double(defaults::kContextLength));
        const SamplingSettings s;  // what the app sends to the inference thread
        const InferenceConfig c;
        QCOMPARE(s.maxTokens, c.maxTokens);
        QCOMPARE(s.temperature, c.temperature);
        QCOMPARE(s.topP, c.topP);
        QCOMPARE(s.topK, c.topK);
        QCOMPARE(s.minP, c.minP);
        QCOMPARE(s.repeatPenalty, c.repeatPenalty);
        QCOMPARE(ModelLoadOptions{}.contextLength, c.contextLength);
    }

    void givenOptionsOverrideTheDefaults() {
        GenerateOptions go;
        SessionOptions so;
        QVERIFY(cliOptions({"-n", "12", "--temp", "0", "--top-k", "5", "--top-p", "0.5", "--min-p", "0.1",
                            "--repeat-penalty", "1.2", "-t", "3", "-c", "512"},
                           &go, &so));
        QCOMPARE(go.maxTokens, 12);
        QCOMPARE(go.sampling.temperature, 0.0f);
        QCOMPARE(go.sampling.topK, 5);
        QCOMPARE(go.sampling.topP, 0.5f);
        QCOMPARE(go.sampling.minP, 0.1f);
        QCOMPARE(go.sampling.repeatPenalty, 1.2f);
        QCOMPARE(so.threads, 3);
        QCOMPARE(so.contextLength, 512);
        GenerateOptions bad;
        QVERIFY(!cliOptions({"--temp", "warm"}, &bad, &so));
    }

    void autoThreadsMeansOneThing() {
        QVERIFY(defaults::autoThreads() >= 1);
        QCOMPARE(defaults::resolveThreads(0), defaults::autoThreads());
        QCOMPARE(defaults::resolveThreads(-1), defaults::autoThreads());
        QCOMPARE(defaults::resolveThreads(3), 3);
        QCOMPARE(ThreadPool::defaultThreads(), defaults::autoThreads());
        QCOMPARE(defaults::voiceThreads(), std::max(1, defaults::autoThreads() - 1));
        ThreadPool pool(0);
        QCOMPARE(pool.size(), defaults::autoThreads());
    }
};

QTEST_GUILESS_MAIN(TestDefaults)
#include "tst_defaults.moc"
