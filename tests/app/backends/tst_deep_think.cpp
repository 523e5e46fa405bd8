// Deep think plumbing: the API key file (0600 only, each refusal named), the deep_think.* config keys (off by
// default), the cab-phrase parser and the router's decisions (local unless asked; asked but off / no endpoint
// / bad key file: unavailable with the reason; asked and configured: a text-only request).
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <sys/stat.h>

#include "backends/api_key_file.h"
#include "backends/deep_think_router.h"
#include "config/config_loader.h"

using namespace peregrine;

namespace {
QString writeFile(const QString& path, const QByteArray& bytes, mode_t mode) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        return {};
    }
    f.write(bytes);
    f.close();
    ::chmod(path.toLocal8Bit().constData(), mode);
    return path;
}
}  // namespace

class TstDeepThink : public QObject {
    Q_OBJECT
private slots:
    void keyFileOwnerOnly() {
        QTemporaryDir dir;
        auto key = readApiKeyFile(writeFile(dir.filePath("k600"), "sk-abc123\n", 0600));
        QVERIFY2(key.isOk(), key.message().c_str());
        QCOMPARE(key.value(), std::string("sk-abc123"));
        key = readApiKeyFile(writeFile(dir.filePath("k400"), "  sk-ro  ", 0400));
        QVERIFY2(key.isOk(), key.message().c_str());
        QCOMPARE(key.value(), std::string("sk-ro"));
    }
    void keyFileRefusals_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("reason");
        QTest::newRow("world-readable")
            << QByteArray("sk-x\n") << 0644 << "readable by group or others (mode 0644)";
        QTest::newRow("group-readable") << QByteArray("sk-x\n") << 0640 << "chmod 600";
        QTest::newRow("group-writable") << QByteArray("sk-x\n") << 0620 << "mode 0620";
        QTest::newRow("empty") << QByteArray("\n") << 0600 << "is empty";
        QTest::newRow("two words") << QByteArray("sk-x sk-y\n") << 0600 << "more than one word";
        QTest::newRow("huge") << QByteArray(20000, 'k') << 0600 << "larger than 16 KiB";
    }
    void keyFileRefusals() {
        QFETCH(QByteArray, content);
        QFETCH(int, mode);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const auto key = readApiKeyFile(writeFile(dir.filePath("key"), content, mode_t(mode)));
        QVERIFY(!key.isOk());
        QVERIFY2(QString::fromStdString(key.message()).contains(reason), key.message().c_str());
        QVERIFY2(key.message().find("sk-") == std::string::npos, "a refusal must not quote the key");
    }
    void keyFileMissingOrFolder() {
        QTemporaryDir dir;
        auto key = readApiKeyFile(dir.filePath("missing"));
        QVERIFY(!key.isOk() && key.message().find("cannot read the API key file") == 0);
        ::chmod(dir.path().toLocal8Bit().constData(), 0700);
        key = readApiKeyFile(dir.path());
        QVERIFY2(!key.isOk() && key.message().find("not a regular file") != std::string::npos,
                 key.message().c_str());
    }

    void configKeysOffByDefault() {
        QTemporaryDir dir;
        QCOMPARE(defaultAppConfig().deepThink.enabled, false);
        const QString file = writeFile(dir.filePath("p.yaml"),
                                       "deep_think:\n  enabled: true\n  endpoint: https://think.example/v1\n"
                                       "  model: big\n  api_key_file: key.txt\n",
                                       0600);
        qputenv("XDG_CONFIG_HOME", dir.filePath("none").toLocal8Bit());
        const ConfigResult r = ConfigLoader(QString()).load(file);
        QVERIFY2(r.ok() && r.warnings.isEmpty(), qPrintable(r.errors.join('\n') + r.warnings.join('\n')));
        QCOMPARE(r.config.deepThink.enabled, true);
        QCOMPARE(r.config.deepThink.endpoint, QString("https://think.example/v1"));
        QCOMPARE(r.config.deepThink.model, QString("big"));
        QCOMPARE(r.config.deepThink.apiKeyFile, dir.filePath("key.txt"));  // relative to the config file
        const ConfigResult bad = ConfigLoader(QString()).load(
            writeFile(dir.filePath("b.yaml"), "deep_think:\n  enabled: maybe\n", 0600));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.config.deepThink.enabled, false);
    }

    void phrases_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("asked");
        QTest::addColumn<QString>("question");
        QTest::newRow("colon") << "deep think: why is the sky blue?" << true << "why is the sky blue?";
        QTest::newRow("spoken") << "deep think why is the sky blue" << true << "why is the sky blue";
        QTest::newRow("capital comma") << "Deep think, plan my route." << true << "plan my route.";
        QTest::newRow("harder about") << "think harder about the fuel cost" << true << "the fuel cost";
        QTest::newRow("addressed") << "hey peregrine, think deeply: what now" << true << "what now";
        QTest::newRow("only prefix") << "deep think" << true << "";
        QTest::newRow("plain") << "why is the sky blue" << false << "";
        QTest::newRow("mid sentence") << "i cannot deep think today" << false << "";
        QTest::newRow("hey without name") << "hey deep think what" << false << "";
        QTest::newRow("deeper word") << "deep thinkers are rare" << false << "";
    }
    void phrases() {
        QFETCH(QString, text);
        QFETCH(bool, asked);
        QFETCH(QString, question);
        const auto got = parseDeepThinkRequest(text.toStdString());
        QCOMPARE(got.has_value(), asked);
        if (asked) {
            QCOMPARE(QString::fromStdString(*got), question);
        }
    }

    void routerDecisions() {
        DeepThinkConfig off;
        auto d = DeepThinkRouter(off).route("what time is it", false, "sys");
        QCOMPARE(d.route, DeepThinkDecision::Route::Local);
        QCOMPARE(d.question, std::string("what time is it"));
        d = DeepThinkRouter(off).route("deep think: why", false, "sys");
        QCOMPARE(d.route, DeepThinkDecision::Route::Unavailable);
        QVERIFY2(d.reason.find("deep_think.enabled") != std::string::npos, d.reason.c_str());
        QCOMPARE(d.question, std::string("why"));

        DeepThinkConfig on;
        on.enabled = true;
        d = DeepThinkRouter(on).route("deep think: why", false, "sys");
        QCOMPARE(d.route, DeepThinkDecision::Route::Unavailable);
        QVERIFY2(d.reason.find("deep_think.endpoint") != std::string::npos, d.reason.c_str());

        QTemporaryDir dir;
        on.endpoint = "https://think.example/v1";
        on.model = "big";
        on.apiKeyFile = writeFile(dir.filePath("key"), "sk-secret\n", 0644);
        d = DeepThinkRouter(on).route("deep think: why", false, "sys");
        QCOMPARE(d.route, DeepThinkDecision::Route::Unavailable);
        QVERIFY2(d.reason.find("readable by group or others") != std::string::npos, d.reason.c_str());

        ::chmod(on.apiKeyFile.toLocal8Bit().constData(), 0600);
        const std::vector<ChatMessage> history{{"system", "old"}, {"user", "q1"}, {"assistant", "a1"}};
        d = DeepThinkRouter(on).route("deep think: why", false, "sys", history);
        QCOMPARE(d.route, DeepThinkDecision::Route::Remote);
        QCOMPARE(d.endpoint.url, std::string("https://think.example/v1"));
        QCOMPARE(d.endpoint.model, std::string("big"));
        QCOMPARE(d.endpoint.apiKey, std::string("sk-secret"));
        QCOMPARE(d.request.size(), size_t(2));  // system prompt + question; history only when asked for
        QCOMPARE(d.request[1].content, std::string("why"));
        d = DeepThinkRouter(on).route("why", true, "sys", history, true);  // the button, with history
        QCOMPARE(d.route, DeepThinkDecision::Route::Remote);
        QCOMPARE(d.request.size(), size_t(4));
        QCOMPARE(d.request[1].content, std::string("q1"));
        QCOMPARE(d.request[3].content, std::string("why"));
        d = DeepThinkRouter(on).route("deep think", false, "sys");
        QCOMPARE(d.route, DeepThinkDecision::Route::Unavailable);
        QVERIFY(d.reason.find("question") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TstDeepThink)
#include "tst_deep_think.moc"
