// Spoken system notices (VoiceLoop::announce): a notice is synthesised and played like an answer but never
// reaches the language model, is not kept for "repeat that", and stops on stop() or barge-in; it stops an
// answer being spoken; with no loudspeaker (or voice off) it is a logged no-op. The governor's critical pause
// and its resume reach the loudspeaker through VoiceController::announce (the real GovernorController on a
// simulated RK3588 sysfs tree), and AppController wires the governor's notice to the voice controller.
#include <QFile>
#include <QMutex>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "../system/governor_fixtures.h"
#include "audio/file_sink.h"
#include "audio/file_source.h"
#include "scripted_answerer.h"
#include "speech_fixtures.h"
#include "system/governor_controller.h"
#include "system/thermal_monitor.h"
#include "ui/app_controller.h"
#include "ui/voice_controller.h"
#include "voice/file_voice_runner.h"

using namespace peregrine;
using voice::FileVoiceRunner;
using voice::VoiceLoop;

namespace {
const QString kNotice = QStringLiteral("The system is too hot. I will pause answers until it cools down.");
const QString kLongNotice = QStringLiteral(
    "This is a long system notice. It has several sentences so that it plays for a while. It keeps going "
    "for some seconds. It still has more to say. And it ends here.");

// Log lines seen by the test (any thread).
QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;
void captureLog(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    {
        QMutexLocker lock(&g_logMutex);
        g_log << message;
    }
    if (g_previousHandler) g_previousHandler(type, context, message);
}
bool logContains(const QString& text) {
    QMutexLocker lock(&g_logMutex);
    for (const QString& line : g_log)
        if (line.contains(text)) return true;
    return false;
}

audio::FileSink* fileSink(VoiceLoop* loop) {
    return static_cast<audio::FileSink*>(loop->sink());
}

double recordedMs(VoiceLoop* loop) {
    return audio::samplesToMs(static_cast<int64_t>(fileSink(loop)->recorded().size()));
}
}  // namespace

class TestVoiceAnnounce : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QThread m_modelThread;

    std::unique_ptr<FileVoiceRunner> makeRunner(testing::ScriptedAnswerer* model, bool fast) {
        if (model) model->moveToThread(&m_modelThread);
        auto runner = std::make_unique<FileVoiceRunner>(voice::VoiceConfig{}, model, fast);
        if (!runner->initialize()) qWarning() << runner->errorString();
        return runner;
    }

private slots:
    void initTestCase() {
        if (!testing::haveFlite()) QSKIP("flite is not installed: no test speech (apt-get install flite)");
        g_previousHandler = qInstallMessageHandler(captureLog);
        m_modelThread.start();
    }
    void cleanupTestCase() {
        qInstallMessageHandler(g_previousHandler);
        m_modelThread.quit();
        m_modelThread.wait();
    }

    void announcementIsSpokenNotAnswered() {
        auto* model = new testing::ScriptedAnswerer(QStringLiteral("An answer."));
        auto runner = makeRunner(model, /*fast=*/true);
        VoiceLoop* loop = runner->loop();
        QSignalSpy questions(loop, &VoiceLoop::questionReady);
        QSignalSpy turns(loop, &VoiceLoop::turnFinished);
        QSignalSpy started(loop, &VoiceLoop::announcementStarted);
        QSignalSpy finished(loop, &VoiceLoop::announcementFinished);
        QSignalSpy states(loop, &VoiceLoop::stateChanged);

        loop->announce(kNotice);
        QCOMPARE(loop->state(), VoiceLoop::State::Speaking);
        QVERIFY(finished.wait(20000));
        QCOMPARE(started.size(), 1);
        QCOMPARE(started[0][0].toString(), kNotice);
        QCOMPARE(finished[0][0].toString(), kNotice);
        QCOMPARE(finished[0][1].toBool(), false);  // played out
        QCOMPARE(loop->state(), VoiceLoop::State::Idle);
        // About 3.5 s of speech for the two sentences.
        qInfo() << "notice audio" << recordedMs(loop) << "ms";
        QVERIFY(recordedMs(loop) > 2000);
        QCOMPARE(questions.size(), 0);
        QCOMPARE(turns.size(), 0);  // not a conversation turn: nothing to store
        QCOMPARE(model->asked.load(), 0);

        // "repeat that" has no answer to repeat: the notice was not kept as one.
        const auto r = runner->run(testing::speak(m_dir, "repeat", "repeat that"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.commands, QStringList{"repeat"});
        QVERIFY(r.answerAudio.empty());
        QCOMPARE(model->asked.load(), 0);
        model->deleteLater();
    }

    void stopSilencesAnAnnouncement() {
        auto runner = makeRunner(nullptr, /*fast=*/false);
        VoiceLoop* loop = runner->loop();
        QSignalSpy finished(loop, &VoiceLoop::announcementFinished);
        QSignalSpy cancels(loop, &VoiceLoop::cancelGenerationRequested);
        loop->announce(kLongNotice);
        QTRY_VERIFY_WITH_TIMEOUT(recordedMs(loop) > 300, 10000);
        loop->stop();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished[0][1].toBool(), true);  // interrupted
        QCOMPARE(loop->state(), VoiceLoop::State::Idle);
        QCOMPARE(cancels.size(), 0);  // there was no generation to cancel
        const double played = recordedMs(loop);
        QTest::qWait(500);
        QCOMPARE(recordedMs(loop), played);  // silent from the stop on
        QVERIFY2(played < 3000, qPrintable(QString::number(played)));
    }

    void bargeInStopsAnAnnouncement() {
        auto runner = makeRunner(nullptr, /*fast=*/false);
        VoiceLoop* loop = runner->loop();
        QSignalSpy finished(loop, &VoiceLoop::announcementFinished);
        QSignalSpy bargeIns(loop, &VoiceLoop::bargeInDetected);
        loop->announce(kLongNotice);
        // While it plays the driver says "stop" (no push-to-talk: the speech itself barges in).
        const auto r = runner->run(testing::speak(m_dir, "stop", "stop", 1200), /*pushToTalk=*/false);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(bargeIns.size(), 1);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished[0][1].toBool(), true);
        QCOMPARE(r.commands, QStringList{"stop"});
        QCOMPARE(r.cancelRequests, 0);
        // The long notice is about 10 s; it stopped soon after the driver spoke.
        QVERIFY2(audio::samplesToMs(static_cast<int64_t>(r.answerAudio.size())) < 4000,
                 qPrintable(QString::number(r.answerAudio.size())));
    }

    void announcementStopsAnAnswer() {
        QStringList sentences;
        for (int i = 0; i < 20; ++i)
            sentences << QStringLiteral("This is sentence %1 of the answer.").arg(i + 1);
        auto* model = new testing::ScriptedAnswerer(sentences.join(' '), 20);
        auto runner = makeRunner(model, /*fast=*/false);
        VoiceLoop* loop = runner->loop();
        QSignalSpy finished(loop, &VoiceLoop::announcementFinished);
        // The notice arrives while the answer is being spoken.
        auto once = std::make_shared<QMetaObject::Connection>();
        *once = connect(loop, &VoiceLoop::stateChanged, this, [loop, once](VoiceLoop::State s) {
            if (s != VoiceLoop::State::Speaking) return;
            disconnect(*once);
            QTimer::singleShot(300, loop, [loop] { loop->announce(kNotice); });
        });
        const auto r = runner->run(testing::speak(m_dir, "q", "tell me a long story"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.turns.size(), 1);
        QVERIFY(r.turns.first().cancelled);  // the answer was stopped
        QVERIFY(r.cancelRequests >= 1);
        QTRY_COMPARE(model->cancelledGenerations.load(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished[0][1].toBool(), false);  // the notice itself played out
        QCOMPARE(model->asked.load(), 1);
        model->deleteLater();
    }

    void noLoudspeakerIsANoOp() {
        VoiceLoop loop(voice::VoiceConfig{});
        loop.initialize();  // no source, no sink
        QSignalSpy started(&loop, &VoiceLoop::announcementStarted);
        QSignalSpy states(&loop, &VoiceLoop::stateChanged);
        loop.announce(kNotice);
        QCOMPARE(started.size(), 0);
        QCOMPARE(states.size(), 0);
        QVERIFY(logContains(QStringLiteral("announcement not spoken (no loudspeaker): ") + kNotice));

        VoiceController off;
        off.setDisabled(QStringLiteral("off"));
        off.announce(QStringLiteral("Nobody hears this."));
        QVERIFY(logContains(QStringLiteral("voice is off; notice not spoken: Nobody hears this.")));
    }

    // The real governor on a simulated board: the critical pause and the resume are spoken through the voice
    // controller, wired as AppController wires them.
    void governorNoticesAreSpoken() {
        test::BoardTree tree(QStringLiteral("rk3588"));
        ThermalConfig tc;
        tc.sysfsRoot = tree.root();
        tc.pollMs = 100000;  // polled by hand
        ThermalMonitor monitor(tc);
        monitor.setProcRoot(tree.root() + "/proc");
        GovernorController governor(&monitor, nullptr);
        GovernorConfig gc = governorConfigFrom(tc, ThermalBoard::Rk3588, false, false);
        gc.restoreStepS = 1;
        governor.setConfig(gc);

        auto* loop = new VoiceLoop(voice::VoiceConfig{});
        audio::FileSink* sink = nullptr;
        VoiceController voice;
        QSignalSpy initialized(&voice, &VoiceController::initialized);
        voice.start(loop, [&sink](VoiceLoop* l) {
            auto* idle = new audio::FileSource;  // a quiet microphone
            idle->setSamples(audio::Pcm(audio::msToSamples(100), 0));
            idle->setPace(audio::FileSource::Pace::Fast);
            l->setSource(idle);
            sink = new audio::FileSink;
            sink->setPace(audio::FileSink::Pace::Fast);
            l->setSink(sink);
        });
        QVERIFY(initialized.wait(20000));
        QStringList spoken;
        connect(
            loop, &VoiceLoop::announcementFinished, this,
            [&spoken](const QString& text, bool interrupted) {
                if (!interrupted) spoken << text;
            },
            Qt::QueuedConnection);
        connect(&governor, &GovernorController::noticeRequested, &voice, &VoiceController::announce);

        monitor.poll();
        QCOMPARE(governor.levelName(), QStringLiteral("nominal"));
        tree.setAllTemps(101);
        monitor.poll();
        QVERIFY(governor.paused());
        QTRY_COMPARE_WITH_TIMEOUT(spoken.size(), 1, 20000);
        QVERIFY2(spoken[0].contains(QStringLiteral("too hot")), qPrintable(spoken[0]));
        QVERIFY(!sink->recorded().empty());
        const size_t pauseAudio = sink->recorded().size();

        // Cooling down: one level restored per second; leaving critical ends the pause.
        tree.setAllTemps(40);
        tree.unthrottle();
        QTRY_VERIFY_WITH_TIMEOUT((monitor.poll(), !governor.paused()), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(spoken.size(), 2, 20000);
        QVERIFY2(spoken[1].contains(QStringLiteral("cooled down")), qPrintable(spoken[1]));
        QVERIFY(sink->recorded().size() > pauseAudio);
    }

    // AppController connects the governor's notice to the voice controller (voice is off here, so the notice
    // ends in the "not spoken" log line; the spoken path is the test above and e2e_voice_pulse).
    void appControllerWiresTheNotice() {
        QTemporaryDir home;
        test::BoardTree tree(QStringLiteral("rk3588"));
        qputenv("XDG_DATA_HOME", QFile::encodeName(home.filePath("data")));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.filePath("config")));
        qputenv("PEREGRINE_SYSTEM_CONFIG", QFile::encodeName(home.filePath("none.yaml")));
        const QString config = home.filePath("peregrine.yaml");
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("voice:\n  enabled: false\nthermal:\n  poll_ms: 100\n  sysfs_root: \"" +
                QFile::encodeName(tree.root()) + "\"\n");
        f.close();
        AppController app;
        app.setConfigFile(config);
        app.start();
        QVERIFY(app.system());
        QTest::qWait(300);
        tree.setAllTemps(101);
        QTRY_VERIFY_WITH_TIMEOUT(app.system()->status()->governorPaused(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            logContains(QStringLiteral("voice is off; notice not spoken: The system is too hot")), 5000);
    }
};

QTEST_GUILESS_MAIN(TestVoiceAnnounce)
#include "tst_voice_announce.moc"
