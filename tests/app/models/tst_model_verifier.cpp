// ModelVerifier on fixtures built here, one per failure class: each gives its own class, message and fix.
// Also the pieces it stands on: runtime versions, sidecars, sha256 cache, memory fit, voice budget.
#include <QTemporaryDir>
#include <QtTest>

#include "model_fixtures.h"
#include "models/catalog_scan.h"
#include "models/model_verifier.h"
#include "models/voice_budget.h"

using namespace peregrine;

class TestModelVerifier : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_tiny;

    QString path(const QString& name) const { return m_tmp.filePath(name); }
    static VerifyOptions options(const QString& boardQairt = QStringLiteral("2.40.1")) {
        VerifyOptions o;
        o.contextLength = 512;
        o.memoryLimitBytes = 8ll << 30;  // deterministic: not the test machine's MemAvailable
        o.board = detectBoardRuntimes(boardQairt, {}, false);
        return o;
    }
    static QString dump(const VerifyReport& r) {
        QStringList lines;
        for (const auto& i : r.issues) lines << issueClassName(i.cls) + QStringLiteral(": ") + i.text();
        return lines.join(QLatin1Char('\n'));
    }
    static const VerifyIssue* find(const VerifyReport& r, IssueClass c) {
        for (const auto& i : r.issues)
            if (i.cls == c) return &i;
        return nullptr;
    }
    VerifyReport expectFailure(const QString& model, IssueClass c, const QStringList& phrases,
                               const VerifyOptions& o = options()) {
        const VerifyReport r = verifyModelPath(model, o);
        const VerifyIssue* i = find(r, c);
        if (!i) qWarning().noquote() << "issues:" << dump(r);
        [&] {
            QVERIFY2(!r.ok(), qPrintable(dump(r)));
            QVERIFY2(i, qPrintable(issueClassName(c)));
            QCOMPARE(i->severity, Severity::Error);
            for (const QString& p : phrases)
                QVERIFY2(i->text().contains(p), qPrintable(i->text() + " !~ " + p));
        }();
        return r;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        qunsetenv("PEREGRINE_QAIRT_VERSION");
        m_tiny = path(QStringLiteral("tiny.gguf"));
        QString error;
        QVERIFY2(fixtures::writeTinyModel(m_tiny, &error), qPrintable(error));
    }

    void goodModelPasses() {
        const QString model = path(QStringLiteral("good.gguf"));
        QVERIFY(QFile::copy(m_tiny, model));
        QVERIFY(fixtures::writeSidecar(model,
                                       "name: Good\nsha256: " + fixtures::sha256Of(model).toLatin1() + "\n"));
        const VerifyReport r = verifyModelPath(model, options());
        QVERIFY2(r.ok(), qPrintable(dump(r)));
        QCOMPARE(r.displayName, QStringLiteral("Good"));
        QCOMPARE(r.sha256, fixtures::sha256Of(model));
        QVERIFY(r.memory && r.memory->verdict == FitVerdict::Fits);
    }

    void checksumMismatch() {
        const QString model = path(QStringLiteral("corrupted.gguf"));
        QVERIFY(fixtures::corruptedCopy(m_tiny, model));
        expectFailure(model, IssueClass::ChecksumMismatch,
                      {"sha256 mismatch", "corrupt or a partial download", "re-download"});
    }

    void truncated() {
        const QString model = path(QStringLiteral("truncated.gguf"));
        QVERIFY(fixtures::truncatedCopy(m_tiny, model));
        expectFailure(model, IssueClass::Truncated, {"truncated file", "re-download"});
    }

    void garbage() {
        const QString model = path(QStringLiteral("garbage.gguf"));
        QVERIFY(fixtures::writeGarbage(model));
        expectFailure(model, IssueClass::InvalidGguf, {"not a valid GGUF file", "re-download"});
    }

    void unknownArchitecture() {
        const QString model = path(QStringLiteral("mamba.gguf"));
        QVERIFY(fixtures::writeUnknownArchitecture(model));
        expectFailure(model, IssueClass::UnknownArchitecture,
                      {"unsupported architecture 'mamba'", "supported architecture"});
    }

    void unsupportedPreTokenizer() {
        const QString model = path(QStringLiteral("odd-pre.gguf"));
        QVERIFY(fixtures::copyWithPreTokenizer(m_tiny, model, "made-up-pre"));
        expectFailure(model, IssueClass::InvalidModel, {"pre-tokenizer 'made-up-pre'", "deepseek-llm"});
    }

    void unsupportedTensorType() {
        const QString model = path(QStringLiteral("iq4nl.gguf"));
        QVERIFY(fixtures::copyWithUnsupportedType(m_tiny, model, QStringLiteral("blk.0.attn_q.weight")));
        expectFailure(model, IssueClass::UnsupportedTensorType,
                      {"blk.0.attn_q.weight", "IQ4_NL", "cannot compute", "use a quantization"});
    }

    // "OK" means the model loads: what a load refuses, verification refuses too.
    void specialTokenOutsideVocabulary() {
        const QString model = path(QStringLiteral("bad-eos.gguf"));
        QVERIFY(fixtures::copyWithBadEosId(m_tiny, model));
        expectFailure(model, IssueClass::InvalidModel, {"eos_token_id", "1000000"});
    }

    void nanInNormWeights() {
        const QString model = path(QStringLiteral("nan-norm.gguf"));
        QVERIFY(fixtures::copyWithNaNNorm(m_tiny, model));
        expectFailure(model, IssueClass::InvalidModel, {"blk.0.attn_norm.weight", "NaN"});
    }

    void doesNotFitSmallBudget() {
        VerifyOptions o = options();
        o.memoryLimitBytes = 1ll << 20;  // a 1 MB board
        const VerifyReport r = expectFailure(m_tiny, IssueClass::DoesNotFit,
                                             {"does not fit", "needs", "weights", "KV cache", "at 512 tokens",
                                              "1 MB available (configured board limit)", "smaller model"},
                                             o);
        QVERIFY(r.memory && r.memory->verdict == FitVerdict::DoesNotFit);
    }

    void tightIsAWarning() {
        VerifyOptions o = options();
        const auto entry = describeModel(m_tiny);
        QVERIFY(entry);
        o.memoryLimitBytes = static_cast<qint64>(memoryNeed(*entry, o.contextLength).total() / 0.95);
        const VerifyReport r = verifyModelPath(m_tiny, o);
        QVERIFY2(r.ok(), qPrintable(dump(r)));
        QVERIFY(r.has(IssueClass::TightFit));
    }

    void genieGoodBundle() {
        const QString dir = path(QStringLiteral("genie-ok"));
        QVERIFY(fixtures::writeGenieBundle(dir, {}));
        const VerifyReport r = verifyModelPath(dir, options());
        QVERIFY2(r.ok(), qPrintable(dump(r)));
        QCOMPARE(r.kind, ModelKind::GenieBundle);
        QVERIFY2(r.issues.isEmpty(), qPrintable(dump(r)));
    }

    void genieMissingCtxBin() {
        fixtures::GenieOptions g;
        g.missingBin = 2;
        const QString dir = path(QStringLiteral("genie-missing"));
        QVERIFY(fixtures::writeGenieBundle(dir, g));
        expectFailure(
            dir, IssueClass::MissingFiles,
            {"missing ctx-bin 2 of 3 'llama_v3_2_3b_part_2_of_3.bin'", "copy the complete bundle again"});
    }

    void genieUnknownKey() {
        fixtures::GenieOptions g;
        g.extraQnnHtpKey = QStringLiteral("debug-tensors");
        const QString dir = path(QStringLiteral("genie-key"));
        QVERIFY(fixtures::writeGenieBundle(dir, g));
        expectFailure(dir, IssueClass::InvalidBundleConfig,
                      {"genie_config.json: unknown key 'dialog.engine.backend.QnnHtp.debug-tensors'",
                       "ERROR_JSON_SCHEMA"});
    }

    void genieBadVersion() {
        fixtures::GenieOptions g;
        g.contextVersion = 2;
        const QString dir = path(QStringLiteral("genie-version"));
        QVERIFY(fixtures::writeGenieBundle(dir, g));
        expectFailure(dir, IssueClass::InvalidBundleConfig,
                      {"'dialog.context.version' is 2", "accepts only version 1"});
    }

    void genieNewerCompileVersion() {
        fixtures::GenieOptions g;
        g.compiledWith = QStringLiteral("2.42.0");
        const QString dir = path(QStringLiteral("genie-newer"));
        QVERIFY(fixtures::writeGenieBundle(dir, g));
        const VerifyReport r = expectFailure(dir, IssueClass::RuntimeTooOld, {});
        QCOMPARE(r.firstError(),
                 QStringLiteral("compiled with QAIRT 2.42, this board has QAIRT 2.40.1: recompile for "
                                "2.40 or update the board's runtime"));
        // The same bundle on a board with a new enough runtime passes.
        QVERIFY2(verifyModelPath(dir, options(QStringLiteral("2.42.1"))).ok(), "2.42.1 board");
        // Unknown board version: a warning that says how to set it, not a failure.
        const VerifyReport unknown = verifyModelPath(dir, options(QString()));
        QVERIFY(unknown.ok());
        QVERIFY(unknown.has(IssueClass::RuntimeUnknown));
    }

    void genieUnknownDspArch() {
        fixtures::GenieOptions g;
        g.dspArch = QStringLiteral("v85");
        const QString dir = path(QStringLiteral("genie-arch"));
        QVERIFY(fixtures::writeGenieBundle(dir, g));
        expectFailure(dir, IssueClass::InvalidBundleConfig, {"dsp_arch 'v85'", "newer QAIRT"});
    }

    void boardVersionOverrides() {
        qputenv("PEREGRINE_QAIRT_VERSION", "2.40.1");
        BoardRuntimes b = detectBoardRuntimes(QStringLiteral("2.45.0"), {}, false);
        QCOMPARE(b.qairt.version->display(), QStringLiteral("2.40.1"));
        QCOMPARE(b.qairt.source, QStringLiteral("PEREGRINE_QAIRT_VERSION"));
        qunsetenv("PEREGRINE_QAIRT_VERSION");
        b = detectBoardRuntimes(QStringLiteral("2.45.0"), {}, false);
        QCOMPARE(b.qairt.version->display(), QStringLiteral("2.45"));
        QCOMPARE(b.qairt.source, QStringLiteral("config runtimes.qairt.version"));
        QVERIFY(!detectBoardRuntimes(QStringLiteral("latest"), {}, false).qairt.version);
    }

    void versionParsing() {
        QCOMPARE(RuntimeVersion::parse(QStringLiteral("v2.43.0.260127150333_193827"))->display(),
                 QStringLiteral("2.43"));
        QCOMPARE(RuntimeVersion::parse(QStringLiteral("2.45.0.260326"))->majorMinor(),
                 QStringLiteral("2.45"));
        QVERIFY(RuntimeVersion::parse(QStringLiteral("2.42"))
                    ->compare(*RuntimeVersion::parse(QStringLiteral("2.40.1"))) > 0);
        QVERIFY(!RuntimeVersion::parse(QStringLiteral("two")));
        QCOMPARE(qairtForGenieApi(*RuntimeVersion::parse(QStringLiteral("1.13.0")))->display(),
                 QStringLiteral("2.40"));
    }

    void sha256CacheAndProgress() {
        const QString cacheFile = path(QStringLiteral("cache/sha256.json"));
        qint64 last = 0;
        {
            Sha256Cache cache(cacheFile);
            const HashResult first = cache.hash(m_tiny, [&](qint64 done, qint64) { last = done; });
            QCOMPARE(first.hex, fixtures::sha256Of(m_tiny));
            QVERIFY(!first.fromCache);
            QCOMPARE(last, QFileInfo(m_tiny).size());
            QVERIFY(cache.hash(m_tiny).fromCache);
        }
        Sha256Cache reloaded(cacheFile);  // persisted
        QVERIFY(reloaded.hash(m_tiny).fromCache);
        const QString copy = path(QStringLiteral("changing.gguf"));
        QVERIFY(QFile::copy(m_tiny, copy));
        QVERIFY(!reloaded.hash(copy).fromCache);
        QVERIFY(fixtures::writeFile(copy, "changed"));  // new size and mtime: hashed again
        QVERIFY(!reloaded.hash(copy).fromCache);
        std::atomic<bool> cancel{true};
        QCOMPARE(sha256File(m_tiny, {}, &cancel).error, QStringLiteral("cancelled"));
    }

    void voiceBudget() {
        QCOMPARE(voiceVerdict(300, 50), VoiceVerdict::Natural);     // 0.3 + 1.0 s
        QCOMPARE(voiceVerdict(500, 25), VoiceVerdict::Acceptable);  // 0.5 + 2.0 s
        QCOMPARE(voiceVerdict(700, 16), VoiceVerdict::Slow);        // 0.7 + 3.13 s
        QCOMPARE(voiceVerdict(1000, 10), VoiceVerdict::Unusable);   // 1 + 5 s
        QCOMPARE(voiceVerdict(100, 0), VoiceVerdict::Unknown);
        QCOMPARE(responseTimeMs(200, 20, 30), 1700.0);
        QCOMPARE(voiceVerdictText(300, 50), QStringLiteral("natural (1.3 s for a 50-token answer)"));
    }

    void notAModel() {
        const VerifyReport r = verifyModelPath(path(QStringLiteral("nothing-here.gguf")), options());
        QVERIFY(r.has(IssueClass::Unreadable));
        QVERIFY(r.firstError().contains(QStringLiteral("does not exist")));
    }
};

QTEST_GUILESS_MAIN(TestModelVerifier)
#include "tst_model_verifier.moc"
