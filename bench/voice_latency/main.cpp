// voice_latency: speaks cab questions and commands with flite's voices (slt, rms, awb) and espeak-ng at two
// speeds, with and without road noise (brown noise from sox, mixed at 10 dB SNR), runs each through the voice
// loop at real-time pace with a model, and reports per condition: end of speech to first audio (p50/p95,
// questions), end of speech to command acted on (p50), word error rate, and commands recognised.
//
//   voice_latency [-m MODEL] [--voices slt,rms,awb,espeak] [--speeds 1.0,1.3] [--noise both|clean|noisy]
//                 [--silence MS] [--limit N] [--repeat N] [-n MAX_TOKENS] [--threads N] [--db PATH]
// --db stores one voice_latency_runs row per condition in the app's SQLite database as soon as the condition
// is measured (the rows of one run share created_at). Exit 0 ok, 1 setup error (model, voice loop), 3
// measured and printed but not (all) stored.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "audio/wav_file.h"
#include "core/defaults.h"
#include "corpus.h"
#include "models/catalog_scan.h"
#include "speech/espeak_tts.h"
#include "speech/flite_tts.h"
#include "storage/database.h"
#include "voice/file_voice_runner.h"
#include "config/app_config.h"
#include "voice/local_answerer.h"

using namespace peregrine;

namespace {

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return -1;
    std::sort(v.begin(), v.end());
    const double idx = p * (v.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(idx)), hi = static_cast<size_t>(std::ceil(idx));
    return v[lo] + (v[hi] - v[lo]) * (idx - lo);
}

double rms(const audio::Pcm& x) {
    double s = 0;
    for (int16_t v : x) s += static_cast<double>(v) * v;
    return x.empty() ? 0 : std::sqrt(s / x.size());
}

// 30 s of brown noise: sox when installed (as the issue asks), else an integrated random walk.
audio::Pcm roadNoise(const QTemporaryDir& dir) {
    const QString path = dir.filePath("noise.wav");
    if (!QStandardPaths::findExecutable("sox").isEmpty() &&
        QProcess::execute(
            "sox", {"-n", "-r", "16000", "-c", "1", "-b", "16", path, "synth", "30", "brownnoise"}) == 0) {
        if (auto pcm = audio::readWav16kMono(path.toStdString())) return pcm.value();
    }
    std::mt19937 rng(1);
    std::normal_distribution<double> n(0, 1);
    audio::Pcm out(16000 * 30);
    double v = 0;
    for (auto& s : out) {
        v = 0.98 * v + n(rng) * 600;
        s = static_cast<int16_t>(std::clamp(v, -32000.0, 32000.0));
    }
    return out;
}

void mixNoise(audio::Pcm& speech, const audio::Pcm& noise, double snrDb, size_t offset) {
    double speechRms = rms(speech);
    const double gain = speechRms / std::max(1.0, rms(noise)) / std::pow(10.0, snrDb / 20);
    for (size_t i = 0; i < speech.size(); ++i) {
        const double v = speech[i] + gain * noise[(offset + i) % noise.size()];
        speech[i] = static_cast<int16_t>(std::clamp(v, -32768.0, 32767.0));
    }
}

// Per-stage times of the answered questions, from the end of speech.
struct StageTimes {
    std::vector<double> endpoint, transcript, firstToken, firstSentence, firstAudio;
    void add(const voice::VoiceTimings& t) {
        auto after = [&](std::vector<double>& v, double ms) {
            if (ms >= 0) v.push_back(ms - t.speechEndMs);
        };
        after(endpoint, t.endpointMs);
        after(transcript, t.transcriptMs);
        after(firstToken, t.firstTokenMs);
        after(firstSentence, t.firstSentenceMs);
        after(firstAudio, t.firstAudioMs);
    }
    QString summary() const {
        return QStringLiteral("endpoint %1, transcript %2, first token %3, first sentence %4, first audio %5")
            .arg(percentile(endpoint, 0.5), 0, 'f', 0)
            .arg(percentile(transcript, 0.5), 0, 'f', 0)
            .arg(percentile(firstToken, 0.5), 0, 'f', 0)
            .arg(percentile(firstSentence, 0.5), 0, 'f', 0)
            .arg(percentile(firstAudio, 0.5), 0, 'f', 0);
    }
};

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser cl;
    cl.addHelpOption();
    cl.addOption({{"m", "model"},
                  "GGUF model",
                  "MODEL",
                  QStringLiteral(PEREGRINE_CONFORMANCE_DIR "/models/stories260K.gguf")});
    cl.addOption({"voices", "voices: slt,rms,awb (flite), espeak (espeak-ng)", "LIST", "slt,rms,awb,espeak"});
    cl.addOption({"speeds", "speaking rates", "LIST", "1.0,1.3"});
    cl.addOption({"noise", "both | clean | noisy", "MODE", "both"});
    cl.addOption({"silence", "end-of-speech silence (ms)", "MS", "400"});
    cl.addOption({"limit", "utterances per condition (0: all)", "N", "0"});
    cl.addOption({"repeat", "rounds of the utterances per condition (timings vary run to run)", "N", "1"});
    cl.addOption({"n", "max answer tokens", "N", "48"});
    cl.addOption({"threads", "model threads (0: cores - 1)", "N", "0"});
    cl.addOption({"first-sentence-after",
                  "the Nth answer token ends the first sentence (random-weight models never end one; 0: off)",
                  "N", "0"});
    cl.addOption(
        {"single-pass",
         "speech recognition without its second passes (flat lexicon, best path): the final transcript "
         "is the last partial one"});
    cl.addOption({"no-prefill", "do not compute the system prompt and the words heard so far ahead"});
    cl.addOption({"quick-end", "end of speech after this pause when the question is complete (0: off)", "MS",
                  QString::number(voice::VoiceConfig{}.quickEndMs)});
    cl.addOption(
        {"db", "also store each condition in the app's database (table voice_latency_runs)", "PATH"});

    cl.process(app);
    // --db is opened first, so that a path that cannot be used is reported before a long run; the run still
    // goes ahead and is printed. The tool reports storage errors itself; the storage log would repeat them.
    Database db;
    QString dbError;
    const bool wantDb = cl.isSet("db");
    if (wantDb) {
        QLoggingCategory::setFilterRules(
            QStringLiteral("peregrine.storage.info=false\nperegrine.storage.warning=false"));
        if (!db.open(cl.value("db"))) {
            dbError = db.lastError();
            std::fprintf(stderr,
                         "voice_latency: --db: %s; measuring anyway, the results will not be stored\n",
                         qPrintable(dbError));
        }
    }
    const QString modelPath = QFileInfo(cl.value("model")).absoluteFilePath();
    QString modelName = QFileInfo(modelPath).completeBaseName();
    if (auto entry = describeModel(modelPath); entry && !entry->displayName.isEmpty())
        modelName = entry->displayName;
    const QDateTime runAt = QDateTime::currentDateTimeUtc();
    int stored = 0;
    auto* model = new voice::LocalAnswerer;
    SessionOptions so;
    so.contextLength = 1024;
    // Leave a core to the voice thread (front end, recognizer) and the synthesiser.
    so.threads = cl.value("threads").toInt() > 0 ? cl.value("threads").toInt() : defaults::voiceThreads();
    if (!model->load(cl.value("model"), so)) {
        std::fprintf(stderr, "voice_latency: %s\n", qPrintable(model->errorString()));
        return 1;
    }
    GenerateOptions go;
    go.maxTokens = cl.value("n").toInt();
    go.sampling.seed = 1;
    model->setGenerateOptions(go);
    model->setSystemPrompt(InferenceConfig{}.systemPrompt);  // what the app sends
    model->setPrefill(!cl.isSet("no-prefill"));
    QThread modelThread;
    model->moveToThread(&modelThread);
    QObject::connect(&modelThread, &QThread::finished, model, &QObject::deleteLater);
    modelThread.start();

    voice::VoiceConfig config;
    config.endpointer.silenceEndMs = cl.value("silence").toInt();
    config.quickEndMs = cl.value("quick-end").toInt();
    config.stt.secondPass = !cl.isSet("single-pass");
    config.firstSentenceAfterTokens = cl.value("first-sentence-after").toInt();
    if (config.firstSentenceAfterTokens > 0)
        std::printf("first sentence: forced after %d answer tokens (--first-sentence-after)\n",
                    config.firstSentenceAfterTokens);
    std::printf("prefill while speaking: %s; quick end: %d ms; silence: %d ms; threads: %d; recognizer: %s\n",
                cl.isSet("no-prefill") ? "off" : "on", config.quickEndMs, config.endpointer.silenceEndMs,
                so.threads, config.stt.secondPass ? "two passes" : "single pass");
    voice::FileVoiceRunner runner(config, model, /*fast=*/false);
    if (!runner.initialize()) {
        std::fprintf(stderr, "voice_latency: %s\n", qPrintable(runner.errorString()));
        return 1;
    }
    runner.setTrailingSilenceMs(config.endpointer.silenceEndMs + 400);
    // Only the first audio matters here: stop each answer once it starts playing.
    QObject::connect(runner.loop()->sink(), &audio::AudioSink::firstSamplePlayed, runner.loop(), [&runner] {
        QTimer::singleShot(0, runner.loop(), [&runner] { runner.loop()->stop(); });
    });

    QTemporaryDir dir;
    const audio::Pcm noise = roadNoise(dir);
    auto corpus = bench::cabCorpus();
    if (const int limit = cl.value("limit").toInt(); limit > 0 && limit < static_cast<int>(corpus.size()))
        corpus.resize(limit);
    const auto once = corpus;
    for (int round = 1; round < cl.value("repeat").toInt(); ++round)
        corpus.insert(corpus.end(), once.begin(), once.end());
    QList<bool> noiseModes;
    if (cl.value("noise") != "noisy") noiseModes << false;
    if (cl.value("noise") != "clean") noiseModes << true;

    std::printf("%-8s %5s %-6s %4s | %8s %8s | %9s | %6s | %8s | stages p50 ms after end of speech\n",
                "voice", "rate", "noise", "n", "p50 ms", "p95 ms", "cmd p50", "WER %", "commands");
    for (const QString& voiceName : cl.value("voices").split(',')) {
        for (const QString& speedText : cl.value("speeds").split(',')) {
            const double rate = speedText.toDouble();
            std::unique_ptr<speech::TextToSpeech> tts;
            if (voiceName == "espeak")
                tts = std::make_unique<speech::EspeakTts>("en-us", rate);
            else
                tts = std::make_unique<speech::FliteTts>(voiceName, rate);
            if (!tts->isReady()) {
                std::fprintf(stderr, "skipping %s: %s\n", qPrintable(voiceName),
                             qPrintable(tts->errorString()));
                continue;
            }
            for (bool noisy : noiseModes) {
                std::vector<double> latencies, commandLatencies;
                StageTimes stages;
                int errors = 0, refWords = 0, commandsOk = 0, commands = 0;
                size_t noiseOffset = 0;
                for (const auto& u : corpus) {
                    audio::Pcm input(audio::msToSamples(300), 0);
                    const audio::Pcm speech = tts->synthesize(u.text);
                    input.insert(input.end(), speech.begin(), speech.end());
                    if (noisy) {
                        mixNoise(input, noise, 10, noiseOffset);
                        noiseOffset += input.size();
                    }
                    QMetaObject::invokeMethod(model, &voice::AnswerSource::resetConversation,
                                              Qt::QueuedConnection);
                    const auto r = runner.run(input, true, 60000);
                    voice::VoiceTimings t;
                    for (const auto& turn : r.turns)
                        if (!turn.transcript.isEmpty() || t.transcript.isEmpty()) t = turn;
                    const QStringList ref = bench::words(u.text);
                    refWords += ref.size();
                    errors += bench::wordErrors(ref, bench::words(t.transcript));
                    if (u.command) {
                        ++commands;
                        const bool ok =
                            t.command == speech::cabCommandName(speech::CommandMatcher().match(u.text));
                        commandsOk += ok;
                        if (ok && t.speechEndMs >= 0)
                            commandLatencies.push_back(t.transcriptMs - t.speechEndMs);
                    } else if (t.speechToAudioMs() >= 0) {
                        latencies.push_back(t.speechToAudioMs());
                        stages.add(t);
                    }
                    if (qEnvironmentVariableIsSet("VOICE_BENCH_VERBOSE"))
                        std::fprintf(stderr, "  %-32s -> %-32s %7.0f ms\n", qPrintable(u.text),
                                     qPrintable(t.transcript),
                                     u.command ? t.transcriptMs - t.speechEndMs : t.speechToAudioMs());
                }
                std::printf("%-8s %5.2f %-6s %4zu | %8.0f %8.0f | %9.0f | %6.1f | %8s | %s\n",
                            qPrintable(voiceName), rate, noisy ? "road" : "clean", latencies.size(),
                            percentile(latencies, 0.5), percentile(latencies, 0.95),
                            percentile(commandLatencies, 0.5), refWords ? 100.0 * errors / refWords : 0.0,
                            qPrintable(QStringLiteral("%1/%2").arg(commandsOk).arg(commands)),
                            qPrintable(stages.summary()));
                std::fflush(stdout);
                if (db.isOpen()) {
                    VoiceLatencyRunRecord rec;
                    rec.createdAt = runAt;
                    rec.model = modelName;
                    rec.modelPath = modelPath;
                    rec.voice = voiceName;
                    rec.rate = rate;
                    rec.noise = noisy ? QStringLiteral("road") : QStringLiteral("clean");
                    rec.questions = static_cast<int>(latencies.size());
                    if (!latencies.empty()) {
                        rec.p50Ms = percentile(latencies, 0.5);
                        rec.p95Ms = percentile(latencies, 0.95);
                    }
                    if (!commandLatencies.empty()) rec.commandP50Ms = percentile(commandLatencies, 0.5);
                    if (refWords > 0) rec.wordErrorRate = static_cast<double>(errors) / refWords;
                    rec.commandsOk = commandsOk;
                    rec.commands = commands;
                    rec.silenceMs = config.endpointer.silenceEndMs;
                    rec.threads = so.threads;
                    rec.maxTokens = go.maxTokens;
                    rec.notes = QStringLiteral("voice_latency, %1 utterances").arg(corpus.size());
                    if (db.addVoiceLatencyRun(rec) > 0) {
                        ++stored;
                    } else {
                        dbError = db.lastError();
                        std::fprintf(stderr, "voice_latency: %s; later conditions are not stored either\n",
                                     qPrintable(dbError));
                        db.close();
                    }
                }
            }
        }
    }
    model->cancel(INT32_MAX);
    modelThread.quit();
    modelThread.wait();
    if (wantDb && !dbError.isEmpty()) {
        std::fprintf(stderr, "voice_latency: the results were not (all) stored: %s\n", qPrintable(dbError));
        return 3;
    }
    if (wantDb)
        std::fprintf(stderr, "voice_latency: stored %d conditions in %s\n", stored, qPrintable(db.path()));
    return 0;
}
