// Database: records round trip (benchmark test rows and voice latency runs included), ordering, cascades, and
// errors (not open, missing rows, corrupt file, disk full) that must come back as false/-1 with a message,
// never a crash.
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "storage/database.h"

using namespace peregrine;

namespace {

QString pragmaText(const QString& path, const char* pragma) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    QString value;
    if (sqlite3_prepare_v2(db, pragma, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        value = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestDatabase : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString dbPath() const { return m_tmp->path() + "/nested/folder/peregrine.db"; }

private slots:
    void init() {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
    }

    void openCreatesFoldersAndSchema() {
        Database db;
        QVERIFY2(db.open(dbPath()), qPrintable(db.lastError()));
        QVERIFY(db.isOpen());
        QCOMPARE(db.path(), dbPath());
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        QCOMPARE(Database::latestSchemaVersion(), 9);
        QCOMPARE(pragmaText(dbPath(), "PRAGMA journal_mode"), QStringLiteral("wal"));
        QVERIFY(db.conversations().isEmpty());
        QVERIFY(db.benchmarkRuns().isEmpty());
        QVERIFY(db.voiceLatencyRuns().isEmpty());
        db.close();
        QVERIFY(!db.isOpen());
        QCOMPARE(db.schemaVersion(), 0);
        QVERIFY(db.open(dbPath()));  // reopening an up-to-date file
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    }

    void conversationsAndMessages() {
        Database db;
        QVERIFY(db.open(dbPath()));
        const qint64 a = db.createConversation("Route to Lyon", "qwen2.5-0.5b");
        const qint64 b = db.createConversation("Tyre pressure", "llama-3.2-1b");
        QVERIFY(a > 0 && b > a);
        QTest::qWait(5);  // updated_at has millisecond resolution; the order below relies on a later touch

        MessageRecord user;
        user.conversationId = a;
        user.role = "user";
        user.text = "How far is Lyon? ünïcödé ✓";
        user.sttMs = 412.5;
        user.route = kDeepThinkRoute;  // schema v6: written by addMessage
        const qint64 m1 = db.addMessage(user);
        QVERIFY2(m1 > 0, qPrintable(db.lastError()));

        MessageRecord answer;
        answer.conversationId = a;
        answer.role = "assistant";
        answer.model = "qwen2.5-0.5b";
        answer.createdAt = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
        const qint64 m2 = db.addMessage(answer);
        QVERIFY(m2 > m1);
        answer.id = m2;
        answer.text = "About 460 km.";
        answer.finishedAt = QDateTime::fromMSecsSinceEpoch(1700000001456, Qt::UTC);
        answer.promptTokens = 42;
        answer.generatedTokens = 7;
        answer.ttftMs = 180.25;
        answer.promptTokPerSec = 250.0;
        answer.decodeTokPerSec = 18.5;
        answer.firstAudioMs = 950.0;
        answer.stopReason = StopReason::Length;
        answer.route = kDeepThinkRoute;  // written by updateMessage
        answer.conversationId = 999;     // ignored by updateMessage
        QVERIFY2(db.updateMessage(answer), qPrintable(db.lastError()));

        const QList<MessageRecord> list = db.messages(a);
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].id, m1);
        QCOMPARE(list[0].text, user.text);
        QCOMPARE(list[0].sttMs, std::optional<double>(412.5));
        QCOMPARE(list[0].route, QStringLiteral("deep think"));
        QVERIFY(!list[0].ttftMs && !list[0].promptTokens && !list[0].finishedAt.isValid());
        QVERIFY(list[0].createdAt.isValid());
        const MessageRecord& got = list[1];
        QCOMPARE(got.conversationId, a);
        QCOMPARE(got.role, QStringLiteral("assistant"));
        QCOMPARE(got.model, QStringLiteral("qwen2.5-0.5b"));
        QCOMPARE(got.text, QStringLiteral("About 460 km."));
        QCOMPARE(got.createdAt, answer.createdAt);
        QCOMPARE(got.finishedAt, answer.finishedAt);
        QCOMPARE(got.promptTokens, std::optional<int>(42));
        QCOMPARE(got.generatedTokens, std::optional<int>(7));
        QCOMPARE(got.ttftMs, std::optional<double>(180.25));
        QCOMPARE(got.promptTokPerSec, std::optional<double>(250.0));
        QCOMPARE(got.decodeTokPerSec, std::optional<double>(18.5));
        QCOMPARE(got.firstAudioMs, std::optional<double>(950.0));
        QCOMPARE(got.route, QStringLiteral("deep think"));
        QVERIFY(!got.sttMs);
        QCOMPARE(got.stopReason, StopReason::Length);

        // Most recently updated first, with message counts.
        QList<ConversationRecord> convs = db.conversations();
        QCOMPARE(convs.size(), 2);
        QCOMPARE(convs[0].id, a);
        QCOMPARE(convs[0].messageCount, 2);
        QCOMPARE(convs[0].model, QStringLiteral("qwen2.5-0.5b"));
        QCOMPARE(convs[1].title, QStringLiteral("Tyre pressure"));
        QCOMPARE(convs[1].messageCount, 0);
        QVERIFY(convs[0].updatedAt >= convs[0].createdAt);
        QCOMPARE(db.conversations(1).size(), 1);

        QTest::qWait(5);
        QVERIFY(db.renameConversation(b, "Tyres"));
        convs = db.conversations();
        QCOMPARE(convs[0].id, b);
        QCOMPARE(convs[0].title, QStringLiteral("Tyres"));

        QVERIFY(db.deleteConversation(a));
        QCOMPARE(db.conversations().size(), 1);
        QVERIFY(db.messages(a).isEmpty());  // cascaded
    }

    void missingRowsAreErrors() {
        Database db;
        QVERIFY(db.open(dbPath()));
        QVERIFY(!db.renameConversation(77, "x"));
        QCOMPARE(db.lastError(), QStringLiteral("cannot rename conversation 77: no such conversation"));
        QVERIFY(!db.deleteConversation(77));
        QCOMPARE(db.lastError(), QStringLiteral("cannot delete conversation 77: no such conversation"));
        MessageRecord m;
        m.id = 5;
        m.role = "user";
        QVERIFY(!db.updateMessage(m));
        QCOMPARE(db.lastError(), QStringLiteral("cannot update message 5: no such message"));
        m.conversationId = 77;
        QCOMPARE(db.addMessage(m), qint64(-1));
        QVERIFY2(db.lastError().startsWith("cannot add a message to conversation 77: FOREIGN KEY"),
                 qPrintable(db.lastError()));
        const qint64 c = db.createConversation("t", "m");
        m.conversationId = c;
        m.role = "narrator";
        QCOMPARE(db.addMessage(m), qint64(-1));
        QVERIFY2(db.lastError().contains("CHECK constraint failed"), qPrintable(db.lastError()));
        QVERIFY(db.messages(c).isEmpty());  // the failed transaction left nothing behind
    }

    void notOpen() {
        Database db;
        QCOMPARE(db.createConversation("t", "m"), qint64(-1));
        QCOMPARE(db.lastError(), QStringLiteral("cannot create a conversation: the database is not open"));
        QVERIFY(db.conversations().isEmpty());
        QVERIFY(db.messages(1).isEmpty());
        QCOMPARE(db.addMessage({}), qint64(-1));
        QVERIFY(!db.updateMessage({}));
        QCOMPARE(db.addBenchmarkRun({}), qint64(-1));
        QVERIFY(!db.addBenchmarkRuns({BenchmarkRunRecord{}}));
        QVERIFY(db.benchmarkRuns().isEmpty());
        QCOMPARE(db.addVoiceLatencyRun({}), qint64(-1));
        QCOMPARE(db.lastError(), QStringLiteral("cannot add a voice latency run: the database is not open"));
        QVERIFY(db.voiceLatencyRuns().isEmpty());
        QVERIFY(!db.renameConversation(1, "x"));
        QVERIFY(!db.deleteConversation(1));
    }

    void benchmarkRuns() {
        Database db;
        QVERIFY(db.open(dbPath()));
        BenchmarkRunRecord r;
        r.model = "qwen2.5-0.5b";
        r.modelPath = "/models/qwen.gguf";
        r.backend = "native";
        r.threads = 4;
        r.nPrompt = 512;
        r.nGen = 128;
        r.promptTokPerSec = 310.5;
        r.decodeTokPerSec = 21.25;
        r.ttftMs = 95.0;
        r.loadMs = 830.0;
        r.peakRssMb = 612.0;
        r.bandwidthGbs = 9.5;
        r.efficiency = 0.62;
        r.notes = "fan on";
        r.createdAt = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
        const qint64 first = db.addBenchmarkRun(r);
        QVERIFY2(first > 0, qPrintable(db.lastError()));
        BenchmarkRunRecord other;
        other.model = "llama-3.2-1b";
        other.createdAt = QDateTime::fromMSecsSinceEpoch(1700000500000, Qt::UTC);
        QVERIFY(db.addBenchmarkRun(other) > first);

        const QList<BenchmarkRunRecord> all = db.benchmarkRuns();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all[0].model, QStringLiteral("llama-3.2-1b"));  // newest first
        QVERIFY(!all[0].ttftMs && !all[0].efficiency);
        const QList<BenchmarkRunRecord> qwen = db.benchmarkRuns("qwen2.5-0.5b");
        QCOMPARE(qwen.size(), 1);
        const BenchmarkRunRecord& g = qwen[0];
        QCOMPARE(g.id, first);
        QCOMPARE(g.createdAt, r.createdAt);
        QCOMPARE(g.modelPath, r.modelPath);
        QCOMPARE(g.backend, r.backend);
        QCOMPARE(g.threads, 4);
        QCOMPARE(g.nPrompt, 512);
        QCOMPARE(g.nGen, 128);
        QCOMPARE(g.promptTokPerSec, 310.5);
        QCOMPARE(g.decodeTokPerSec, 21.25);
        QCOMPARE(g.ttftMs, r.ttftMs);
        QCOMPARE(g.loadMs, r.loadMs);
        QCOMPARE(g.peakRssMb, r.peakRssMb);
        QCOMPARE(g.bandwidthGbs, r.bandwidthGbs);
        QCOMPARE(g.efficiency, r.efficiency);
        QCOMPARE(g.notes, r.notes);
        QVERIFY(g.test.isEmpty() && !g.stddevTokPerSec && !g.repetitions && g.kernels.isEmpty());
        QVERIFY(g.measuresPrompt() && g.measuresDecode());
    }

    void benchmarkTestRowsInOneTransaction() {
        Database db;
        QVERIFY(db.open(dbPath()));
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
        BenchmarkRunRecord pp;
        pp.createdAt = at;
        pp.model = "tiny";
        pp.test = "pp128";
        pp.nPrompt = 128;
        pp.promptTokPerSec = 4018.5;
        pp.stddevTokPerSec = 556.25;
        pp.repetitions = 3;
        pp.kernels = "AVX3";
        pp.ttftMs = 31.5;
        BenchmarkRunRecord tg = pp;
        tg.test = "tg64";
        tg.nPrompt = 0;
        tg.nGen = 64;
        tg.promptTokPerSec = 0;
        tg.decodeTokPerSec = 206.0;
        tg.ttftMs.reset();
        tg.efficiency = 0.42;
        QVERIFY2(db.addBenchmarkRuns({pp, tg}), qPrintable(db.lastError()));
        const QList<BenchmarkRunRecord> rows = db.benchmarkRuns("tiny");
        QCOMPARE(rows.size(), 2);
        const BenchmarkRunRecord& t = rows[0];  // same time: higher id first
        QCOMPARE(t.test, QStringLiteral("tg64"));
        QVERIFY(t.measuresDecode() && !t.measuresPrompt());
        QCOMPARE(t.efficiency, tg.efficiency);
        QVERIFY(!t.ttftMs);
        const BenchmarkRunRecord& p = rows[1];
        QCOMPARE(p.test, QStringLiteral("pp128"));
        QVERIFY(p.measuresPrompt() && !p.measuresDecode());
        QCOMPARE(p.stddevTokPerSec, pp.stddevTokPerSec);
        QCOMPARE(p.repetitions, std::optional<int>(3));
        QCOMPARE(p.kernels, QStringLiteral("AVX3"));
        QCOMPARE(p.ttftMs, pp.ttftMs);
        QCOMPARE(p.createdAt, at);

        // A failing row (refused by a trigger, as a full disk would refuse it) rolls the whole batch back.
        sqlite3* raw = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(dbPath()).constData(), &raw), SQLITE_OK);
        QCOMPARE(sqlite3_exec(raw,
                              "CREATE TRIGGER refuse_tg BEFORE INSERT ON benchmark_runs WHEN NEW.test = 'tg1'"
                              " BEGIN SELECT RAISE(ABORT, 'refused'); END;",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(raw);
        BenchmarkRunRecord refused = tg;
        refused.test = "tg1";
        QVERIFY(!db.addBenchmarkRuns({pp, refused}));
        QVERIFY2(db.lastError().startsWith("cannot add benchmark runs to " + dbPath() + ": refused"),
                 qPrintable(db.lastError()));
        QCOMPARE(db.benchmarkRuns().size(), 2);
        QVERIFY(db.addBenchmarkRuns({}));  // nothing to store is not an error
    }

    void voiceLatencyRuns() {
        Database db;
        QVERIFY(db.open(dbPath()));
        VoiceLatencyRunRecord r;
        r.createdAt = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
        r.model = "stories260K";
        r.modelPath = "/models/stories260K.gguf";
        r.voice = "slt";
        r.rate = 1.3;
        r.noise = "road";
        r.questions = 8;
        r.p50Ms = 489.0;
        r.p95Ms = 510.5;
        r.commandP50Ms = 429.0;
        r.wordErrorRate = 0.185;
        r.commandsOk = 4;
        r.commands = 5;
        r.silenceMs = 400;
        r.threads = 1;
        r.maxTokens = 48;
        r.notes = "test";
        const qint64 id = db.addVoiceLatencyRun(r);
        QVERIFY2(id > 0, qPrintable(db.lastError()));
        VoiceLatencyRunRecord none;  // a condition where nothing was measured
        none.createdAt = r.createdAt;
        none.voice = "espeak";
        QVERIFY(db.addVoiceLatencyRun(none) > id);

        const QList<VoiceLatencyRunRecord> list = db.voiceLatencyRuns();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].voice, QStringLiteral("espeak"));
        QVERIFY(!list[0].p50Ms && !list[0].p95Ms && !list[0].commandP50Ms && !list[0].wordErrorRate);
        const VoiceLatencyRunRecord& g = list[1];
        QCOMPARE(g.id, id);
        QCOMPARE(g.createdAt, r.createdAt);
        QCOMPARE(g.model, r.model);
        QCOMPARE(g.modelPath, r.modelPath);
        QCOMPARE(g.rate, 1.3);
        QCOMPARE(g.noise, QStringLiteral("road"));
        QCOMPARE(g.questions, 8);
        QCOMPARE(g.p50Ms, r.p50Ms);
        QCOMPARE(g.p95Ms, r.p95Ms);
        QCOMPARE(g.commandP50Ms, r.commandP50Ms);
        QCOMPARE(g.wordErrorRate, r.wordErrorRate);
        QCOMPARE(g.commandsOk, 4);
        QCOMPARE(g.commands, 5);
        QCOMPARE(g.silenceMs, 400);
        QCOMPARE(g.threads, 1);
        QCOMPARE(g.maxTokens, 48);
        QCOMPARE(g.notes, r.notes);
        QCOMPARE(db.voiceLatencyRuns(1).size(), 1);
    }

    void echoRuns() {
        Database db;
        QVERIFY(db.open(dbPath()));
        EchoRunRecord r;
        r.createdAt = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
        r.mode = "estimated";
        r.delayMs = 120;
        r.noise = "road";
        r.estimatedDelayMs = 341;
        r.erleDb = 27.5;
        r.answers = 7;
        r.falseWakeUps = 1;
        r.interruptions = 3;
        r.bargeIns = 3;
        r.decisionP50Ms = 140.0;
        r.stoppedP50Ms = 260.0;
        r.wordErrorRate = 0.2;
        const qint64 id = db.addEchoRun(r);
        QVERIFY2(id > 0, qPrintable(db.lastError()));
        EchoRunRecord none;  // nothing measured: the optional figures stay NULL
        none.createdAt = r.createdAt;
        QVERIFY(db.addEchoRun(none) > id);
        const QList<EchoRunRecord> list = db.echoRuns();
        QCOMPARE(list.size(), 2);
        QVERIFY(!list[0].erleDb && !list[0].estimatedDelayMs && !list[0].stoppedP50Ms &&
                !list[0].wordErrorRate);
        const EchoRunRecord& g = list[1];
        QCOMPARE(g.createdAt, r.createdAt);
        QCOMPARE(g.mode, r.mode);
        QCOMPARE(g.delayMs, 120);
        QCOMPARE(g.estimatedDelayMs, r.estimatedDelayMs);
        QCOMPARE(g.erleDb, r.erleDb);
        QCOMPARE(g.falseWakeUps, 1);
        QCOMPARE(g.bargeIns, 3);
        QCOMPARE(g.decisionP50Ms, r.decisionP50Ms);
        QCOMPARE(g.stoppedP50Ms, r.stoppedP50Ms);
        QCOMPARE(g.wordErrorRate, r.wordErrorRate);
    }

    void corruptFileRefusedUntouched() {
        const QString path = m_tmp->path() + "/garbage.db";
        QByteArray junk;
        for (int i = 0; i < 8192; ++i) junk.append(char((i * 7919) & 0xff));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(junk);
        f.close();
        Database db;
        QVERIFY(!db.open(path));
        QCOMPARE(db.lastError(),
                 "cannot open " + path + ": file is not a database (the file is left untouched)");
        QVERIFY(!db.isOpen());
        QCOMPARE(readAll(path), junk);
    }

    void folderInTheWay() {
        const QString blocker = m_tmp->path() + "/file";
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        Database db;
        QVERIFY(!db.open(blocker + "/peregrine.db"));
        QCOMPARE(db.lastError(),
                 "cannot open " + blocker + "/peregrine.db: cannot create the folder " + blocker);
    }

    void diskFullIsAnError() {
        Database db;
        QVERIFY(db.open(dbPath()));
        const qint64 c = db.createConversation("t", "m");
        MessageRecord small;
        small.conversationId = c;
        small.role = "user";
        small.text = "kept";
        QVERIFY(db.addMessage(small) > 0);

        MessageRecord big = small;
        big.text = QString(2 * 1024 * 1024, 'x');
        qint64 id = 0;
        {
            rlimit old{};
            getrlimit(RLIMIT_FSIZE, &old);
            auto oldHandler = signal(SIGXFSZ, SIG_IGN);
            rlimit lower = old;
            lower.rlim_cur = 256 * 1024;  // writes past 256 KiB fail with EFBIG, like a full disk
            setrlimit(RLIMIT_FSIZE, &lower);
            id = db.addMessage(big);
            setrlimit(RLIMIT_FSIZE, &old);
            signal(SIGXFSZ, oldHandler);
        }
        QCOMPARE(id, qint64(-1));
        QVERIFY2(
            db.lastError().startsWith(QStringLiteral("cannot add a message to conversation %1: ").arg(c)),
            qPrintable(db.lastError()));
        // The connection is still usable, and the earlier message is intact after a reopen.
        QVERIFY2(db.addMessage(small) > 0, qPrintable(db.lastError()));
        db.close();
        QVERIFY(db.open(dbPath()));
        const QList<MessageRecord> list = db.messages(c);
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].text, QStringLiteral("kept"));
    }

    void readOnlyFile() {
        if (geteuid() == 0) QSKIP("running as root: file permissions do not stop writes");
        {
            Database db;
            QVERIFY(db.open(dbPath()));
        }
        QFile::setPermissions(dbPath(), QFile::ReadOwner);
        Database db;
        const bool opened = db.open(dbPath());
        const qint64 id = opened ? db.createConversation("t", "m") : -1;
        QFile::setPermissions(dbPath(), QFile::ReadOwner | QFile::WriteOwner);
        QCOMPARE(id, qint64(-1));
        QVERIFY(!db.lastError().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
