// Durability: a child process (this binary, re-executed with --child-commit DB) commits messages and prints
// "committed ID" after each commit returns; the parent SIGKILLs it right after reading such a line. Every
// message the child reported must be in the database when it is reopened.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cstdio>
#include <cstring>

#include "storage/database.h"

using namespace peregrine;

namespace {

// Child: commit messages forever (until killed), reporting each committed id on stdout.
int runChild(const char* path) {
    Database db;
    if (!db.open(QString::fromLocal8Bit(path))) {
        std::fprintf(stderr, "child: %s\n", qPrintable(db.lastError()));
        return 1;
    }
    const qint64 conv = db.createConversation(QStringLiteral("durability"), QStringLiteral("test"));
    for (int i = 0;; ++i) {
        MessageRecord m;
        m.conversationId = conv;
        m.role = QStringLiteral("user");
        m.text = QStringLiteral("message %1").arg(i);
        m.sttMs = i;
        const qint64 id = db.addMessage(m);
        if (id < 0) {
            std::fprintf(stderr, "child: %s\n", qPrintable(db.lastError()));
            return 1;
        }
        std::printf("committed %lld\n", static_cast<long long>(id));
        std::fflush(stdout);
    }
}

}  // namespace

class TestDurability : public QObject {
    Q_OBJECT

private slots:
    void killRightAfterCommit_data() {
        QTest::addColumn<int>("killAfter");  // committed lines to read before SIGKILL
        QTest::newRow("first commit") << 1;
        QTest::newRow("mid stream") << 25;
        QTest::newRow("later") << 200;
    }
    void killRightAfterCommit() {
        QFETCH(int, killAfter);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString path = tmp.path() + "/state/peregrine.db";

        QProcess child;
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start(QCoreApplication::applicationFilePath(), {"--child-commit", path});
        QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));

        qint64 lastReported = 0;
        int seen = 0;
        QByteArray pending;
        while (seen < killAfter) {
            if (!child.waitForReadyRead(30000)) {
                QFAIL(qPrintable("child stopped: " + child.readAllStandardError()));
            }
            pending += child.readAllStandardOutput();
            int nl;
            while (seen < killAfter && (nl = pending.indexOf('\n')) >= 0) {
                const QByteArray line = pending.left(nl);
                pending.remove(0, nl + 1);
                QVERIFY2(line.startsWith("committed "), line.constData());
                lastReported = line.mid(10).toLongLong();
                ++seen;
            }
        }
        child.kill();  // SIGKILL, while the child keeps committing
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        Database db;
        QVERIFY2(db.open(path), qPrintable(db.lastError()));
        const QList<ConversationRecord> convs = db.conversations();
        QCOMPARE(convs.size(), 1);
        const QList<MessageRecord> messages = db.messages(convs[0].id);
        QVERIFY2(
            messages.size() >= killAfter,
            qPrintable(QStringLiteral("%1 messages after %2 reported").arg(messages.size()).arg(killAfter)));
        bool found = false;
        for (const MessageRecord& m : messages) found = found || m.id == lastReported;
        QVERIFY2(found,
                 qPrintable(QStringLiteral("message %1 reported committed but missing").arg(lastReported)));
        for (int i = 0; i < messages.size(); ++i)
            QCOMPARE(messages[i].text, QStringLiteral("message %1").arg(i));
    }
};

int main(int argc, char** argv) {
    if (argc == 3 && !std::strcmp(argv[1], "--child-commit")) return runChild(argv[2]);
    QCoreApplication app(argc, argv);
    TestDurability test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_durability.moc"
