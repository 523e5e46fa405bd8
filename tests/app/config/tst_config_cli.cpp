// `peregrine-cli config`: prints every key with value and source, then warnings and errors (exit 1 on
// errors); `config set` writes the user layer. Runs the real executable with XDG_* pointing at a temporary
// folder.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "config/config_schema.h"

class TestConfigCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

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
        env.insert("PEREGRINE_SYSTEM_CONFIG", m_tmp.path() + "/etc.yaml");
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(PEREGRINE_CLI), args);
        Run r;
        if (!p.waitForFinished(30000)) return r;
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
        r.err = QString::fromLocal8Bit(p.readAllStandardError());
        return r;
    }
    void write(const QString& path, const QByteArray& text) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }

private slots:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void printsEveryKeyWithSource() {
        write(m_tmp.path() + "/etc.yaml", "display:\n  theme: night\n");
        const Run r = cli({"config"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        for (const peregrine::ConfigKeyInfo& k : peregrine::configKeys())
            QVERIFY2(r.out.contains(QRegularExpression("^" + QRegularExpression::escape(k.key) + " +=",
                                                       QRegularExpression::MultilineOption)),
                     qPrintable(k.key));
        QVERIFY(r.out.contains(QRegularExpression(
            "^display.theme += night  \\[" + QRegularExpression::escape(m_tmp.path()) + "/etc.yaml:2\\]$",
            QRegularExpression::MultilineOption)));
        QVERIFY(r.out.contains(QRegularExpression("^inference.temperature += 0.7  \\[default\\]$",
                                                  QRegularExpression::MultilineOption)));
    }

    void warningsAndErrorsExitOne() {
        const QString file = m_tmp.path() + "/explicit.yaml";
        write(file, "inference:\n  temprature: 1\n  top_k: lots\n");
        const Run r = cli({"config", "--config", file});
        QCOMPARE(r.code, 1);
        QCOMPARE(
            r.err,
            "warning: " + file +
                ":2: unknown key 'inference.temprature' (ignored; did you mean 'inference.temperature'?)\n"
                "error: " +
                file + ":3: inference.top_k: expected a whole number between 0 and 1000, got 'lots'\n");
        QVERIFY(r.out.contains(QRegularExpression("^inference.top_k += 40  \\[default\\]$",
                                                  QRegularExpression::MultilineOption)));
    }

    void missingConfigFile() {
        const Run r = cli({"config", "--config", m_tmp.path() + "/missing.yaml"});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, "error: " + m_tmp.path() + "/missing.yaml: no such file (given with --config)\n");
    }

    void setWritesUserLayer() {
        Run r = cli({"config", "set", "inference.max_tokens", "99"});
        QCOMPARE(r.code, 0);
        r = cli({"config", "set", "models.dirs", "/m1", "/m2"});
        QCOMPARE(r.code, 0);
        r = cli({"config", "set", "display.theme", "dusk"});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err,
                 QStringLiteral(
                     "peregrine-cli config: cannot save display.theme: expected one of day, night, auto, "
                     "got 'dusk'\n"));
        r = cli({"config"});
        const QString user = QRegularExpression::escape(m_tmp.path() + "/config/peregrine/peregrine.yaml");
        QVERIFY2(r.out.contains(QRegularExpression("^inference.max_tokens += 99  \\[" + user + ":\\d+\\]$",
                                                   QRegularExpression::MultilineOption)),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QRegularExpression("^models.dirs += /m1, /m2  \\[" + user + ":\\d+\\]$",
                                                  QRegularExpression::MultilineOption)));
    }

    void versionAndUsage() {
        Run r = cli({"--version"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith("peregrine-cli "));
        r = cli({"config", "--bogus"});
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err, QStringLiteral("peregrine-cli config: unknown option --bogus\n"));
    }

    void verboseEnablesDebug() {
        Run r = cli({"config"});
        QVERIFY(!r.err.contains("peregrine.config:"));
        r = cli({"--verbose", "config"});
        QVERIFY2(r.err.contains(QRegularExpression(" D peregrine.config: reading config layer ")),
                 qPrintable(r.err));
        r = cli({"config", "--verbose"});  // after the command as well
        QVERIFY(r.err.contains(" D peregrine.config: "));
    }
};

QTEST_GUILESS_MAIN(TestConfigCli)
#include "tst_config_cli.moc"
