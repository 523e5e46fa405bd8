// ModelCatalog: finds GGUF files, Genie bundle folders and .rkllm files with their sidecars, and follows the
// folder as files appear and disappear (watcher + debounce).
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "model_fixtures.h"
#include "models/model_catalog.h"

using namespace peregrine;

class TestModelCatalog : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_tiny;  // outside the watched folder

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_tiny = m_tmp.filePath(QStringLiteral("source/tiny.gguf"));
        QDir().mkpath(m_tmp.filePath(QStringLiteral("source")));
        QString error;
        QVERIFY2(fixtures::writeTinyModel(m_tiny, &error), qPrintable(error));
    }

    void scansEveryKindWithSidecars() {
        const QString dir = m_tmp.filePath(QStringLiteral("scan"));
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(QFile::copy(m_tiny, dir + QStringLiteral("/tiny-q8.gguf")));
        QVERIFY(fixtures::writeSidecar(dir + QStringLiteral("/tiny-q8.gguf"),
                                       "name: Tiny Q8\nsource: synth\nlicense: MIT\nnotes: test\n"));
        QVERIFY(fixtures::writeGenieBundle(dir + QStringLiteral("/llama-genie"), {}));
        QVERIFY(fixtures::writeFile(dir + QStringLiteral("/qwen.rkllm"), QByteArray(2048, 'r')));
        QVERIFY(fixtures::writeFile(dir + QStringLiteral("/readme.txt"), "not a model"));
        QVERIFY(fixtures::truncatedCopy(m_tiny, dir + QStringLiteral("/broken.gguf")));

        ModelCatalog catalog;
        catalog.setDirs({dir, m_tmp.filePath(QStringLiteral("does-not-exist"))});
        QCOMPARE(catalog.entries().size(), 4);
        const CatalogEntry* tiny = catalog.find(QStringLiteral("tiny-q8.gguf"));
        QVERIFY(tiny);
        QCOMPARE(tiny->displayName, QStringLiteral("Tiny Q8"));
        QCOMPARE(tiny->sidecar.license, QStringLiteral("MIT"));
        QVERIFY(tiny->info);
        QCOMPARE(QString::fromStdString(tiny->info->architecture), QStringLiteral("llama"));
        QCOMPARE(tiny->status, EntryStatus::Ok);

        const CatalogEntry* genie = catalog.find(dir + QStringLiteral("/llama-genie"));
        QVERIFY(genie);
        QCOMPARE(genie->kind, ModelKind::GenieBundle);
        QCOMPARE(genie->displayName, QStringLiteral("Llama 3.2 3B (Genie fixture)"));
        QCOMPARE(genie->genie.ctxBins.size(), 3);
        QCOMPARE(genie->sidecar.runtimeName, QStringLiteral("qairt"));
        QCOMPARE(genie->sidecar.runtimeVersion, QStringLiteral("2.40.0"));

        const CatalogEntry* rk = catalog.find(QStringLiteral("qwen.rkllm"));
        QVERIFY(rk);
        QCOMPARE(rk->kind, ModelKind::Rkllm);
        QCOMPARE(rk->sizeBytes, 2048);

        const CatalogEntry* broken = catalog.find(QStringLiteral("broken.gguf"));
        QVERIFY(broken);
        QCOMPARE(broken->status, EntryStatus::Invalid);
        QVERIFY(broken->statusMessage.contains(QStringLiteral("truncated file")));
        QCOMPARE(catalog.resolve(QStringLiteral("tiny-q8.gguf")), dir + QStringLiteral("/tiny-q8.gguf"));
    }

    void followsFilesAppearingAndDisappearing() {
        const QString dir = m_tmp.filePath(QStringLiteral("watched"));
        QVERIFY(QDir().mkpath(dir));
        ModelCatalog catalog;
        catalog.setDebounceMs(50);
        catalog.setDirs({dir});
        QCOMPARE(catalog.entries().size(), 0);
        QSignalSpy changed(&catalog, &ModelCatalog::entriesChanged);
        QSignalSpy added(&catalog, &ModelCatalog::entryAdded);
        QSignalSpy removed(&catalog, &ModelCatalog::entryRemoved);

        const QString model = dir + QStringLiteral("/arrived.gguf");
        QVERIFY(QFile::copy(m_tiny, model));
        QTRY_COMPARE_WITH_TIMEOUT(catalog.entries().size(), 1, 5000);
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.first().first().toString(), model);

        QVERIFY(fixtures::writeGenieBundle(dir + QStringLiteral("/bundle"), {}));
        QTRY_COMPARE_WITH_TIMEOUT(catalog.entries().size(), 2, 5000);

        QVERIFY(QFile::remove(model));
        QTRY_COMPARE_WITH_TIMEOUT(catalog.entries().size(), 1, 5000);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().first().toString(), model);
        QVERIFY(changed.size() >= 3);
    }

    void watchesAFolderCreatedLater() {
        const QString dir = m_tmp.filePath(QStringLiteral("later/models"));
        ModelCatalog catalog;
        catalog.setDebounceMs(50);
        catalog.setDirs({dir});
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(QFile::copy(m_tiny, dir + QStringLiteral("/late.gguf")));
        // The parent's watch notices the folder; the rescan then watches the folder itself.
        QTRY_VERIFY_WITH_TIMEOUT(catalog.find(QStringLiteral("late.gguf")), 5000);
    }
};

QTEST_GUILESS_MAIN(TestModelCatalog)
#include "tst_model_catalog.moc"
