// ConfigLoader::saveUserSetting: round trip through the user layer, validation, and failures that must
// leave the previous file intact.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "config/config_loader.h"

using namespace peregrine;

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Lowers the file size limit of this process for its lifetime (writes beyond it fail with EFBIG, as on a
// full disk; root is subject to it too).
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        getrlimit(RLIMIT_FSIZE, &m_old);
        m_oldHandler = signal(SIGXFSZ, SIG_IGN);
        rlimit lower = m_old;
        lower.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &lower);
    }
    ~FileSizeLimit() {
        setrlimit(RLIMIT_FSIZE, &m_old);
        signal(SIGXFSZ, m_oldHandler);
    }

private:
    rlimit m_old{};
    sighandler_t m_oldHandler = nullptr;
};

}  // namespace

class TestConfigSave : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_user;
    ConfigLoader loader() const { return ConfigLoader(QString()); }  // no system layer

    void writeUser(const QByteArray& text) {
        QDir().mkpath(QFileInfo(m_user).absolutePath());
        QFile f(m_user);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }

private slots:
    void init() {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        qputenv("HOME", QFile::encodeName(m_tmp->path() + "/home"));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_tmp->path() + "/config"));
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_tmp->path() + "/data"));
        m_user = m_tmp->path() + "/config/peregrine/peregrine.yaml";
    }

    void roundTrip() {
        QString error;
        QVERIFY2(loader().saveUserSetting("display.theme", "night", &error), qPrintable(error));
        QVERIFY(QFile::exists(m_user));
        QVERIFY2(loader().saveUserSetting("inference.temperature", 0.25, &error), qPrintable(error));
        QVERIFY2(loader().saveUserSetting("inference.max_tokens", 512, &error), qPrintable(error));
        QVERIFY2(loader().saveUserSetting("kiosk.exit_pin", "0012", &error), qPrintable(error));
        QVERIFY2(loader().saveUserSetting("models.dirs", QStringList{"/a b/models", "/c"}, &error),
                 qPrintable(error));
        QVERIFY2(loader().saveUserSetting("inference.system_prompt", "Line one.\nLine: two, \"quoted\" #x",
                                          &error),
                 qPrintable(error));
        QVERIFY2(loader().saveUserSetting("display.theme", "day", &error), qPrintable(error));  // overwrite

        const ConfigResult r = loader().load();
        QVERIFY2(r.ok(), qPrintable(r.errors.join('\n')));
        QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join('\n')));
        QCOMPARE(r.config.display.theme, QStringLiteral("day"));
        QCOMPARE(r.config.inference.temperature, 0.25);
        QCOMPARE(r.config.inference.maxTokens, 512);
        QCOMPARE(r.config.kiosk.exitPin, QStringLiteral("0012"));
        QCOMPARE(r.config.models.dirs, (QStringList{"/a b/models", "/c"}));
        QCOMPARE(r.config.inference.systemPrompt, QStringLiteral("Line one.\nLine: two, \"quoted\" #x"));
        QVERIFY(r.source("display.theme").startsWith(m_user + ":"));
        QCOMPARE(r.source("inference.top_k"), QStringLiteral("default"));
    }

    void keepsOtherKeys() {
        writeUser("inference:\n  top_k: 12\n  future_key: 3\nthermal:\n  poll_ms: 900\n");
        QString error;
        QVERIFY2(loader().saveUserSetting("inference.top_p", "0.8", &error), qPrintable(error));
        const ConfigResult r = loader().load();
        QCOMPARE(r.config.inference.topK, 12);
        QCOMPARE(r.config.inference.topP, 0.8);
        QCOMPARE(r.config.thermal.pollMs, 900);
        // Keys this build does not know (a newer Peregrine wrote them) survive too.
        QVERIFY(readAll(m_user).contains("future_key: 3"));
    }

    void invalidValueRefused() {
        writeUser("display:\n  theme: night\n");
        const QByteArray before = readAll(m_user);
        QString error;
        QVERIFY(!loader().saveUserSetting("display.theme", "dusk", &error));
        QCOMPARE(error,
                 QStringLiteral("cannot save display.theme: expected one of day, night, auto, got 'dusk'"));
        QVERIFY(!loader().saveUserSetting("inference.temperature", "hot", &error));
        QCOMPARE(error,
                 QStringLiteral(
                     "cannot save inference.temperature: expected a number between 0 and 2, got 'hot'"));
        QCOMPARE(readAll(m_user), before);
    }

    void unknownKeyRefused() {
        QString error;
        QVERIFY(!loader().saveUserSetting("display.them", "day", &error));
        QCOMPARE(error,
                 QStringLiteral("cannot save display.them: unknown key (did you mean 'display.theme'?)"));
        QVERIFY(!QFile::exists(m_user));
    }

    void brokenUserFileLeftAlone() {
        writeUser("display:\n  theme: [night\n");
        const QByteArray before = readAll(m_user);
        QString error;
        QVERIFY(!loader().saveUserSetting("display.theme", "day", &error));
        QVERIFY2(error.startsWith("cannot save display.theme: " + m_user + ":3: YAML syntax error: "),
                 qPrintable(error));
        QVERIFY2(error.endsWith("(fix or remove the file; it was left as it is)"), qPrintable(error));
        QCOMPARE(readAll(m_user), before);
    }

    void folderCannotBeCreated() {
        // $XDG_CONFIG_HOME/peregrine is a file: the folder for the user layer cannot exist.
        QDir().mkpath(m_tmp->path() + "/config");
        QFile blocker(m_tmp->path() + "/config/peregrine");
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QString error;
        QVERIFY(!loader().saveUserSetting("display.theme", "day", &error));
        QCOMPARE(error, "cannot save display.theme: cannot create the folder " + m_tmp->path() +
                            "/config/peregrine");
    }

    void diskFullKeepsOldFile() {
        writeUser("display:\n  theme: night\n");
        const QByteArray before = readAll(m_user);
        QString error;
        {
            FileSizeLimit limit(16);  // the new file is longer than 16 bytes
            QVERIFY(!loader().saveUserSetting("inference.system_prompt", QString(200, 'x'), &error));
        }
        QVERIFY2(error.startsWith("cannot save inference.system_prompt: cannot write " + m_user),
                 qPrintable(error));
        QCOMPARE(readAll(m_user), before);
        QCOMPARE(QDir(QFileInfo(m_user).absolutePath()).entryList(QDir::Files),
                 QStringList{"peregrine.yaml"});
        QVERIFY(loader().saveUserSetting("display.theme", "day", &error));  // and it works again afterwards
    }

    void readOnlyFolderKeepsOldFile() {
        if (geteuid() == 0) QSKIP("running as root: folder permissions do not stop writes");
        writeUser("display:\n  theme: night\n");
        const QByteArray before = readAll(m_user);
        const QString dir = QFileInfo(m_user).absolutePath();
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner);
        QString error;
        const bool saved = loader().saveUserSetting("display.theme", "day", &error);
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(!saved);
        QVERIFY2(error.startsWith("cannot save display.theme: cannot write " + m_user), qPrintable(error));
        QCOMPARE(readAll(m_user), before);
    }
};

QTEST_GUILESS_MAIN(TestConfigSave)
#include "tst_config_save.moc"
