// The list models shown in QML, checked by QAbstractItemModelTester while they change.
#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "lists/benchmark_list_model.h"
#include "lists/conversation_list_model.h"
#include "lists/message_list_model.h"
#include "ui/model_list_model.h"

using namespace peregrine;

namespace {

const QString kModels = QStringLiteral(PEREGRINE_CONFORMANCE_DIR "/models");

MessageRecord message(const QString& role, const QString& text) {
    MessageRecord m;
    m.role = role;
    m.text = text;
    return m;
}

}  // namespace

class TestListModels : public QObject {
    Q_OBJECT

private slots:
    void messageListStreamsIntoLastRow() {
        MessageListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMessages({message("user", "Hello"), message("assistant", "Hi there")});
        QCOMPARE(model.rowCount(), 2);
        const int row = model.append(message("assistant", ""), true);
        QCOMPARE(row, 2);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.appendText(row, "Once ");
        model.appendText(row, "upon");
        model.appendText(row, "");  // ignored
        QCOMPARE(changed.count(), 2);
        const QModelIndex i = model.index(row);
        QCOMPARE(i.data(MessageListModel::TextRole).toString(), QStringLiteral("Once upon"));
        QVERIFY(i.data(MessageListModel::StreamingRole).toBool());
        QVERIFY(i.data(MessageListModel::StatsRole).toString().isEmpty());

        MessageRecord done = model.at(row);
        done.ttftMs = 142.4;
        done.decodeTokPerSec = 31.25;
        done.generatedTokens = 64;
        done.stopReason = StopReason::EndOfText;
        model.update(row, done, false);
        QVERIFY(!i.data(MessageListModel::StreamingRole).toBool());
        QCOMPARE(i.data(MessageListModel::StatsRole).toString(),
                 QStringLiteral("first token 142 ms · 31.3 tok/s · 64 tokens"));
        QCOMPARE(model.roleNames().value(MessageListModel::RoleRole), QByteArray("role"));
        model.appendText(99, "out of range");  // ignored, no crash
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void conversationListMarksCurrent() {
        ConversationListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime now = QDateTime::currentDateTime();
        ConversationRecord a{1, "Route to Lyon", now, now, "llama", 4};
        ConversationRecord b{2, "", now.addDays(-1), now.addDays(-1), "qwen", 1};
        model.setConversations({a, b});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1).data(ConversationListModel::TitleRole).toString(),
                 QStringLiteral("Conversation"));
        QVERIFY(model.index(0).data(ConversationListModel::SubtitleRole).toString().startsWith("Today"));
        QVERIFY(model.index(0).data(ConversationListModel::SubtitleRole).toString().endsWith("4 messages"));
        QVERIFY(model.index(1).data(ConversationListModel::SubtitleRole).toString().endsWith("1 message"));
        QSignalSpy current(&model, &ConversationListModel::currentIdChanged);
        model.setCurrentId(2);
        QCOMPARE(current.count(), 1);
        QVERIFY(model.index(1).data(ConversationListModel::CurrentRole).toBool());
        QVERIFY(!model.index(0).data(ConversationListModel::CurrentRole).toBool());
        QCOMPARE(ConversationListModel::whenText(now.addDays(-1), now).left(9), QStringLiteral("Yesterday"));
        model.setConversations({});
        QCOMPARE(model.rowCount(), 0);
    }

    void benchmarkListSeriesPerModel() {
        BenchmarkListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime t0 = QDateTime::fromString("2025-03-01T10:00:00Z", Qt::ISODate);
        QList<BenchmarkRunRecord> runs;
        for (int i = 0; i < 3; ++i) {
            BenchmarkRunRecord r;
            r.id = i + 1;
            r.createdAt = t0.addSecs(3600 * i);
            r.model = i == 1 ? "qwen" : "llama";
            r.decodeTokPerSec = 10 + i;
            r.promptTokPerSec = 100 + i;
            if (i != 2) r.ttftMs = 200.0 - i;
            r.threads = 4;
            runs << r;
        }
        model.setRuns(runs);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0).data(BenchmarkListModel::IdRole).toLongLong(), 3);  // newest first
        QCOMPARE(model.index(0).data(BenchmarkListModel::TtftMsRole).toDouble(), -1.0);
        QVERIFY(model.index(1).data(BenchmarkListModel::SummaryRole).toString().contains("11.0 tok/s"));
        const QVariantList decode = model.series("decode");
        QCOMPARE(decode.size(), 2);
        const QVariantMap llama = decode[0].toMap();
        QCOMPARE(llama["name"].toString(), QStringLiteral("llama"));
        const QVariantList points = llama["points"].toList();
        QCOMPARE(points.size(), 2);
        QCOMPARE(points[0].toMap()["y"].toDouble(), 10.0);  // oldest first
        QCOMPARE(points[1].toMap()["y"].toDouble(), 12.0);
        QCOMPARE(model.series("ttft")[0].toMap()["points"].toList().size(), 1);  // missing TTFT is skipped
        QCOMPARE(model.maxValue("prompt"), 102.0);
        QCOMPARE(model.firstTime(), t0.toMSecsSinceEpoch());
        QCOMPARE(model.series("nonsense").size(), 0);
    }

    void benchmarkListPeregrineBenchRows() {
        // peregrine-bench --db stores one row per test: pp rows have no decode speed, tg rows no prompt
        // speed.
        BenchmarkListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime t0 = QDateTime::fromString("2025-03-01T10:00:00Z", Qt::ISODate);
        BenchmarkRunRecord pp;
        pp.createdAt = t0;
        pp.model = "tiny";
        pp.test = "pp128";
        pp.promptTokPerSec = 4018.4;
        pp.stddevTokPerSec = 556.2;
        pp.ttftMs = 31.6;
        pp.threads = 2;
        pp.kernels = "AVX2";
        BenchmarkRunRecord tg = pp;
        tg.createdAt = t0.addSecs(1);
        tg.test = "tg64";
        tg.promptTokPerSec = 0;
        tg.decodeTokPerSec = 206.3;
        tg.stddevTokPerSec = 25.0;
        tg.ttftMs.reset();
        tg.efficiency = 0.42;
        model.setRuns({pp, tg});
        QCOMPARE(model.index(0).data(BenchmarkListModel::SummaryRole).toString(),
                 QStringLiteral("tg64: 206.3 ± 25.0 tok/s · efficiency 0.42 · 2 threads · AVX2"));
        QCOMPARE(model.index(1).data(BenchmarkListModel::SummaryRole).toString(),
                 QStringLiteral("pp128: 4018 ± 556 tok/s · first token 32 ms · 2 threads · AVX2"));
        const QVariantList decode = model.series("decode");
        QCOMPARE(decode.size(), 1);
        QCOMPARE(decode[0].toMap()["points"].toList().size(), 1);  // the pp row's 0 is not a point
        QCOMPARE(decode[0].toMap()["points"].toList()[0].toMap()["y"].toDouble(), 206.3);
        QCOMPARE(model.series("prompt")[0].toMap()["points"].toList().size(), 1);
        QCOMPARE(model.maxValue("prompt"), 4018.4);
    }

    void modelListDescribesFilesAndErrors() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        if (!QFile::exists(kModels + "/stories260K.gguf")) QSKIP("conformance models not present");
        QVERIFY(QFile::copy(kModels + "/stories260K.gguf", dir.filePath("stories260K.gguf")));
        QFile bad(dir.filePath("broken.gguf"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("GGUF\x03\x00\x00\x00 this is not a model");
        bad.close();
        QFile other(dir.filePath("notes.txt"));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.close();

        ModelListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&model, &ModelListModel::scanFinished);
        model.refresh({dir.path(), dir.filePath("missing-dir")}, 4096, -1);
        QVERIFY(model.scanning());
        QVERIFY(finished.wait(10000));
        QVERIFY(!model.scanning());
        QCOMPARE(model.rowCount(), 2);

        const QModelIndex broken = model.index(0);  // sorted by file name
        QCOMPARE(broken.data(ModelListModel::FileNameRole).toString(), QStringLiteral("broken.gguf"));
        QVERIFY(!broken.data(ModelListModel::ValidRole).toBool());
        QVERIFY(!broken.data(ModelListModel::ErrorRole).toString().isEmpty());
        QVERIFY(!broken.data(ModelListModel::FitsRole).toBool());

        const QModelIndex good = model.index(1);
        QVERIFY2(good.data(ModelListModel::ValidRole).toBool(),
                 qPrintable(good.data(ModelListModel::ErrorRole).toString()));
        QCOMPARE(good.data(ModelListModel::ArchitectureRole).toString(), QStringLiteral("llama"));
        QVERIFY(!good.data(ModelListModel::ChatTemplateRole).toString().isEmpty());
        QVERIFY(!good.data(ModelListModel::NameRole).toString().isEmpty());
        QVERIFY(good.data(ModelListModel::MemoryTextRole).toString().contains("tokens"));
        QVERIFY(good.data(ModelListModel::ContextTextRole).toString().contains("tokens"));
        QVERIFY(!good.data(ModelListModel::ParamsTextRole).toString().isEmpty());
        QVERIFY(good.data(ModelListModel::FitsRole).toBool());
        const CatalogEntry& e = model.entries()[1];
        QVERIFY(e.info && e.info->contextLength > 0);
        QCOMPARE(good.data(ModelListModel::VerifyStatusRole).toString(), QStringLiteral("ok"));
        QCOMPARE(good.data(ModelListModel::VoiceVerdictRole).toString(), QStringLiteral("not measured yet"));
        QCOMPARE(broken.data(ModelListModel::VerifyStatusRole).toString(), QStringLiteral("failed"));

        model.setCurrentPath(dir.filePath("stories260K.gguf"));
        QVERIFY(good.data(ModelListModel::CurrentRole).toBool());
        QCOMPARE(model.indexOfPath(dir.filePath("stories260K.gguf")), 1);

        // Nothing fits in 1 KB (a new memory limit: every report is redone).
        model.refresh({dir.path()}, 4096, 1024);
        QVERIFY(model.scanning());
        QVERIFY(finished.wait(10000));
        QVERIFY(!model.index(1).data(ModelListModel::FitsRole).toBool());
        QCOMPARE(formatParams(292000), QStringLiteral("292K"));
        QCOMPARE(formatParams(3210000000ull), QStringLiteral("3.2B"));
    }

    // A truncated copy: the verifier's message and fix reach the list, and the catalog picks the file up
    // live when it appears.
    void modelListShowsVerificationOfTruncatedFile() {
        if (!QFile::exists(kModels + "/stories260K.gguf")) QSKIP("conformance models not present");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QFile::copy(kModels + "/stories260K.gguf", dir.filePath("a-good.gguf")));
        ModelListModel model;
        model.catalog().setDebounceMs(20);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&model, &ModelListModel::scanFinished);
        model.refresh({dir.path()}, 4096, 0);
        QVERIFY(finished.wait(10000));
        QCOMPARE(model.rowCount(), 1);

        QFile src(kModels + "/stories260K.gguf");
        QVERIFY(src.open(QIODevice::ReadOnly));
        const QByteArray bytes = src.readAll();
        QFile cut(dir.filePath("b-truncated.gguf"));
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(bytes.left(bytes.size() - 4096));
        cut.close();
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, 10000);  // the watcher noticed it
        const QModelIndex bad = model.index(model.indexOfPath(dir.filePath("b-truncated.gguf")));
        QTRY_COMPARE_WITH_TIMEOUT(bad.data(ModelListModel::VerifyStatusRole).toString(),
                                  QStringLiteral("failed"), 10000);
        const QString message = bad.data(ModelListModel::VerifyMessageRole).toString();
        QVERIFY2(message.contains("truncated") || message.contains("end of"), qPrintable(message));
        QVERIFY(!bad.data(ModelListModel::ValidRole).toBool());
        QVERIFY(!bad.data(ModelListModel::ErrorRole).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestListModels)
#include "tst_list_models.moc"
