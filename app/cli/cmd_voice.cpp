// peregrine-cli voice: the whole voice loop on files. The question WAV (any rate/channels) is fed as a
// microphone would deliver it (real time; --fast: at once), recognised, answered by the model sentence by
// sentence, spoken into ANSWER.wav; prints the transcript, the answer and the stage timings, all in ms from
// the start of the input file. Direct tool commands ("set a timer for five minutes") and timers work with
// or without -m (they use the database: --db, else storage.database of the config); without -m other
// questions are answered "no language model". --stay S keeps the loop listening to silence S seconds after
// the input (timers fire, missed ones are announced); with --stay, --in may be left out.
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "audio/wav_file.h"
#include "cli/arg_parser.h"
#include "cli/cli_tools.h"
#include "cli/commands.h"
#include "config/config_loader.h"
#include "core/defaults.h"
#include "logging/logging.h"
#include "tools/tool_set.h"
#include "voice/file_voice_runner.h"
#include "voice/local_answerer.h"

namespace peregrine::cli {

namespace {
const char* const kUsage =
    "usage: peregrine-cli voice [-m MODEL] --in QUESTION.wav --out ANSWER.wav [--json] [--fast] [--wake]\n"
    "                           [--db FILE] [--config FILE] [--stay SECONDS]  (tools and timers; -m absent:\n"
    "                           direct commands only)\n"
    "                           [--silence MS] [-n MAX_TOKENS] [--voice slt|rms|awb|kal] [--tts "
    "flite|espeak-ng]\n"
    "                           [--system TEXT] [-t THREADS] [--seed S] [--first-sentence-after N]\n"
    "                           [--follow-up MS]  (listen MS after an answer for a follow-up; default 0)\n";

QJsonValue ms(double v) {
    return v < 0 ? QJsonValue() : QJsonValue(std::round(v * 10) / 10);
}

QJsonObject timingsJson(const voice::VoiceTimings& t) {
    QJsonObject o;
    o["transcript"] = t.transcript;
    o["answer"] = t.answer;
    if (!t.command.isEmpty()) o["command"] = t.command;
    o["cancelled"] = t.cancelled;
    o["speech_end_ms"] = ms(t.speechEndMs);
    o["endpoint_ms"] = ms(t.endpointMs);
    o["transcript_ms"] = ms(t.transcriptMs);
    o["first_token_ms"] = ms(t.firstTokenMs);
    o["first_sentence_ms"] = ms(t.firstSentenceMs);
    if (t.firstSentenceForced) o["first_sentence_forced"] = true;  // --first-sentence-after
    o["first_audio_ms"] = ms(t.firstAudioMs);
    o["speech_end_to_first_audio_ms"] = ms(t.speechToAudioMs());
    return o;
}
}  // namespace

int cmdVoice(const Args& args) {
    ArgParser p(
        {"-m", "--model", "--in", "--out", "--silence", "-n", "--voice", "--tts", "--system", "-t",
         "--threads", "--seed", "--first-sentence-after", "--follow-up", "--db", "--config", "--stay"},
        {"--json", "--fast", "--wake"});
    if (!p.parse(args)) {
        std::fprintf(stderr, "peregrine-cli voice: %s\n%s", p.error().c_str(), kUsage);
        return 2;
    }
    const auto model = p.value("-m", "--model");
    const auto in = p.value("--in");
    const auto out = p.value("--out");
    const auto silence = p.intValue("--silence");
    const auto maxTokens = p.intValue("-n");
    const auto threads = p.intValue(p.has("-t") ? "-t" : "--threads");
    const auto seed = p.intValue("--seed");
    const auto stay = p.intValue("--stay");
    if ((!in && !stay) || !out || !p.error().empty()) {
        std::fprintf(stderr, "peregrine-cli voice: %s\n%s",
                     p.error().empty() ? "--in (or --stay) and --out are required" : p.error().c_str(),
                     kUsage);
        return 2;
    }
    int argc = 1;
    char name[] = "peregrine-cli";
    char* argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);
    setupLogging(std::getenv("PEREGRINE_VERBOSE") != nullptr);

    voice::VoiceConfig config;
    config.wakeWord = p.has("--wake");
    // Off unless asked: a file's next question is otherwise taken up without the wake word or the button.
    config.followUpMs = static_cast<int>(p.intValue("--follow-up").value_or(0));
    if (auto n = p.intValue("--first-sentence-after")) config.firstSentenceAfterTokens = static_cast<int>(*n);
    if (silence) config.endpointer.silenceEndMs = static_cast<int>(*silence);
    if (auto v = p.value("--voice")) config.tts.voice = QString::fromStdString(*v);
    if (auto e = p.value("--tts")) config.tts.engine = QString::fromStdString(*e);

    // The tools (timers, notes, ...) on their own thread, with their own connection to the database.
    const ConfigResult loaded =
        ConfigLoader().load(p.has("--config") ? QString::fromStdString(*p.value("--config")) : QString());
    const QString dbPath =
        p.has("--db") ? QString::fromStdString(*p.value("--db")) : loaded.config.storage.databasePath;
    auto registry = std::make_unique<tools::ToolRegistry>();
    const tools::ToolEnvironment toolEnv = tools::toolEnvironment(dbPath);
    addCliTools(*registry, loaded.config, toolEnv);
    tools::ToolService toolService(std::move(registry), toolEnv.context);

    // The model answers on its own thread; the voice loop runs on this one.
    voice::LocalAnswerer* answerer = model ? new voice::LocalAnswerer : nullptr;
    QThread modelThread;
    if (answerer) {
        SessionOptions so;
        so.contextLength = 2048;
        // Default: leave a core to the voice thread (front end, recognizer) and the synthesiser.
        so.threads = threads ? static_cast<int>(*threads) : defaults::voiceThreads();
        if (!answerer->load(QString::fromStdString(*model), so)) {
            std::fprintf(stderr, "peregrine-cli voice: %s\n", qPrintable(answerer->errorString()));
            delete answerer;
            return 1;
        }
        GenerateOptions go;
        go.maxTokens = maxTokens ? static_cast<int>(*maxTokens) : defaults::kVoiceMaxTokens;
        if (seed) go.sampling.seed = static_cast<uint64_t>(*seed);
        answerer->setGenerateOptions(go);
        if (auto s = p.value("--system")) answerer->setSystemPrompt(QString::fromStdString(*s));
        modelThread.setObjectName(QStringLiteral("peregrine-inference"));
        answerer->moveToThread(&modelThread);
        QObject::connect(&modelThread, &QThread::finished, answerer, &QObject::deleteLater);
        modelThread.start();
    }

    int rc = 0;
    {
        voice::FileVoiceRunner runner(config, answerer, p.has("--fast"));
        if (!runner.initialize()) {
            std::fprintf(stderr, "peregrine-cli voice: %s\n", qPrintable(runner.errorString()));
            rc = 1;
        } else {
            runner.setTools(&toolService);
            toolService.start();
            const int stayMs = static_cast<int>(stay.value_or(0) * 1000);
            runner.setStayMs(stayMs);
            const auto r = in ? runner.run(QString::fromStdString(*in), !config.wakeWord, 120000 + stayMs)
                              : runner.run(audio::Pcm{}, false, 120000 + stayMs);
            if (!r.ok) {
                std::fprintf(stderr, "peregrine-cli voice: %s\n", qPrintable(r.error));
                rc = 1;
            }
            const Status saved = audio::writeWav(*out, r.answerAudio);
            if (!saved) {
                std::fprintf(stderr, "peregrine-cli voice: %s\n", saved.message().c_str());
                rc = 1;
            }
            // The question's turn: the last turn that was not cancelled (barge-in makes earlier ones).
            voice::VoiceTimings main;
            for (const auto& t : r.turns) main = t;
            if (p.has("--json")) {
                QJsonObject o = timingsJson(main);
                o["input_ms"] = ms(r.inputMs);
                o["answer_audio_ms"] = ms(audio::samplesToMs(static_cast<int64_t>(r.answerAudio.size())));
                o["realtime"] = !p.has("--fast");
                QJsonArray turns;
                for (const auto& t : r.turns) turns.append(timingsJson(t));
                o["turns"] = turns;
                std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Indented).constData());
            } else {
                std::printf("transcript: %s\nanswer: %s\n", qPrintable(main.transcript),
                            qPrintable(main.answer));
                std::printf(
                    "speech end %.0f ms, endpoint %.0f ms, transcript %.0f ms, first token %.0f ms, first "
                    "sentence %.0f ms%s, first audio %.0f ms (end of speech to first audio: %.0f ms)\n",
                    main.speechEndMs, main.endpointMs, main.transcriptMs, main.firstTokenMs,
                    main.firstSentenceMs,
                    main.firstSentenceForced ? " (forced by --first-sentence-after)" : "", main.firstAudioMs,
                    main.speechToAudioMs());
            }
            for (const QString& a : r.announcements) std::fprintf(stderr, "announced: %s\n", qPrintable(a));
            if (in && main.transcript.isEmpty()) rc = rc ? rc : 1;
        }
    }
    if (answerer) {
        answerer->cancel(INT32_MAX);
        modelThread.quit();
        modelThread.wait();
    }
    return rc;
}

}  // namespace peregrine::cli
