// `peregrine-cli models list|inspect|verify|compare` end to end on fixture folders: verify exits 1 with each
// failure's message, 0 on good models; compare prints the table with the voice-budget verdict.
// Runs peregrine-cli when its dispatcher knows `models`, else the same command through models_cli_driver.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "model_fixtures.h"

class TestModelsCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_program;
    QStringList m_prefix;  // arguments before the subcommand's own

    struct Run {
        int code = -1;
        QString out, err;
    };
    Run cli(const QStringList& args) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("HOME", m_tmp.path() + "/home");
        env.insert("XDG_CONFIG_HOME", m_tmp.path() + "/config");
        env.insert("XDG_DATA_HOME", m_tmp.path() + "/data");
        env.insert("XDG_CACHE_HOME", m_tmp.path() + "/cache");
        env.insert("PEREGRINE_SYSTEM_CONFIG", m_tmp.path() + "/etc.yaml");
        env.remove("PEREGRINE_QAIRT_VERSION");
        p.setProcessEnvironment(env);
        p.start(m_program, m_prefix + args);
        Run r;
        if (!p.waitForFinished(240000)) return r;
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
        r.err = QString::fromLocal8Bit(p.readAllStandardError());
        return r;
    }
    QString dir(const QString& name) const { return m_tmp.filePath(name); }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_program = QStringLiteral(PEREGRINE_CLI);
        m_prefix = {QStringLiteral("models")};
        QProcess probe;
        probe.start(m_program, {QStringLiteral("models"), QStringLiteral("list"), QStringLiteral("--dir"),
                                m_tmp.path()});
        probe.waitForFinished(30000);
        if (probe.readAllStandardError().contains("unknown command")) {
            qInfo("peregrine-cli does not dispatch 'models' yet: testing through models_cli_driver");
            m_program = QStringLiteral(MODELS_CLI_DRIVER);
        }
        QString error;
        QVERIFY2(fixtures::writeTinyModel(dir("good/tiny.gguf"), &error), qPrintable(error));
        QVERIFY(fixtures::writeSidecar(
            dir("good/tiny.gguf"),
            "name: Tiny\nsha256: " + fixtures::sha256Of(dir("good/tiny.gguf")).toLatin1() + "\n"));
        QVERIFY(fixtures::writeGenieBundle(dir("good/genie"), {}));
        QVERIFY(fixtures::truncatedCopy(dir("good/tiny.gguf"), dir("bad/truncated.gguf")));
        QVERIFY(fixtures::corruptedCopy(dir("good/tiny.gguf"), dir("bad/corrupted.gguf")));
        QVERIFY(fixtures::writeUnknownArchitecture(dir("bad/mamba.gguf")));
        QVERIFY(fixtures::copyWithUnsupportedType(dir("good/tiny.gguf"), dir("bad/iq4.gguf"),
                                                  QStringLiteral("blk.1.ffn_up.weight")));
        fixtures::GenieOptions newer;
        newer.compiledWith = QStringLiteral("2.42.0");
        QVERIFY(fixtures::writeGenieBundle(dir("bad/genie-newer"), newer));
        fixtures::GenieOptions missing;
        missing.missingBin = 3;
        QVERIFY(fixtures::writeGenieBundle(dir("bad/genie-missing"), missing));
        fixtures::GenieOptions key;
        key.extraQnnHtpKey = QStringLiteral("debug-path");
        QVERIFY(fixtures::writeGenieBundle(dir("bad/genie-key"), key));
    }

    void verifyGoodModelsExitsZero() {
        const Run r = cli({"verify", "--dir", dir("good"), "--qairt", "2.40.1"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QStringLiteral("board: QAIRT 2.40.1 (config runtimes.qairt.version)")));
        QVERIFY(r.out.contains(QStringLiteral("OK   Tiny")));
        QVERIFY(r.out.contains(QStringLiteral("0 of 2 models failed verification")));
    }

    void verifyReportsEveryFailureClass() {
        const Run r = cli({"verify", "--dir", dir("bad"), "--qairt", "2.40.1"});
        QVERIFY2(r.code == 1, qPrintable(r.out + r.err));
        const QStringList expected = {
            "error [truncated]: truncated file",
            "error [checksum-mismatch]: sha256 mismatch: the file is corrupt or a partial download",
            "error [unknown-architecture]: unsupported architecture 'mamba'",
            "error [unsupported-tensor-type]: tensor 'blk.1.ffn_up.weight' has type IQ4_NL",
            "error [runtime-too-old]: compiled with QAIRT 2.42, this board has QAIRT 2.40.1: recompile for "
            "2.40 or "
            "update the board's runtime",
            "error [missing-files]: missing ctx-bin 3 of 3 'llama_v3_2_3b_part_3_of_3.bin'",
            "error [invalid-bundle-config]: genie_config.json: unknown key "
            "'dialog.engine.backend.QnnHtp.debug-path'",
            "7 of 7 models failed verification"};
        for (const QString& e : expected) QVERIFY2(r.out.contains(e), qPrintable(e + "\n---\n" + r.out));
    }

    void verifyMemoryLimit() {
        const Run r = cli({"verify", "--memory-limit", "1", "--ctx", "512", dir("good/tiny.gguf")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QStringLiteral("error [does-not-fit]: does not fit in memory: needs")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("1 MB available (configured board limit)")));
    }

    void listAndInspect() {
        Run r = cli({"list", "--dir", dir("good")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Tiny  GGUF")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("Genie bundle")));
        r = cli({"inspect", "--dir", dir("good"), "--ctx", "512"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("ctx-bin llama_v3_2_3b_part_1_of_3.bin")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("KV cache")));
    }

    void compareWritesTableAndDatabase() {
        const QString db = dir("bench.db");
        const Run r = cli({"compare", dir("good/tiny.gguf"), "--reps", "1", "--gen", "8", "--prompt", "16",
                           "--threads", "2", "--ctx", "256", "--db-path", db});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(
            r.out.contains(QStringLiteral("| model | size | memory | prompt tok/s | decode tok/s | TTFT |")),
            qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("| Tiny [tiny] (Q8_0) |")));
        QVERIFY(QRegularExpression(QStringLiteral("\\| (natural|acceptable|slow|unusable) \\|"))
                    .match(r.out)
                    .hasMatch());
        QVERIFY(QFileInfo(db).size() > 0);
    }

    // --backends: one row per model and backend, a backend column; a backend that cannot run is a failed
    // row (exit 1), the others are still measured.
    void compareOnSeveralBackends() {
        const Run r = cli({"compare", "--dir", dir("good"), "--reps", "1", "--gen", "4", "--prompt", "8",
                           "--threads", "2", "--ctx", "256", "--backends", "native,vulkan"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QStringLiteral("| model | backend | size |")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("| Tiny [tiny] (Q8_0) | Peregrine engine (kernels ")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("| Tiny [tiny] (Q8_0) | vulkan |")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("failed: unknown backend 'vulkan'")));
        // The Genie bundle beside it runs once, on Genie, whatever --backends says; with no libGenie.so on
        // this machine its row names the missing library.
        QCOMPARE(r.out.count(QStringLiteral("| Llama 3.2 3B (Genie fixture) |")), 1);
        QVERIFY2(r.out.contains(QStringLiteral("| Llama 3.2 3B (Genie fixture) | genie |")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("failed: cannot open the Genie library 'libGenie.so'")));
    }
};

QTEST_GUILESS_MAIN(TestModelsCli)
#include "tst_models_cli.moc"
