// Which runtime runs each model: the models page's backend roles (the same decision the worker's load
// uses), the endpoint entry of inference.backend: openai, the switcher and worker handling of an endpoint
// (no verification; a server that is not set or refuses the connection fails with its reason), and the
// Benchmarks list telling native and llama.cpp runs of one model apart.
#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "inference/backend_factory.h"
#include "inference/inference_worker.h"
#include "inference/model_id.h"
#include "lists/benchmark_list_model.h"
#include "models/model_switcher.h"
#include "ui/model_list_model.h"

using namespace peregrine;

namespace {

const QString kModels = QStringLiteral(PEREGRINE_CONFORMANCE_DIR "/models");

// A loopback port nobody listens on (bound, then released).
quint16 deadPort() {
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0)) return 9;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

}  // namespace

class TestModelBackends : public QObject {
    Q_OBJECT

private slots:
    void backendKindForDecidesPerModel() {
        QCOMPARE(backendKindFor("/m/a.gguf", BackendKind::Native), BackendKind::Native);
        QCOMPARE(backendKindFor("/m/a.gguf", BackendKind::LlamaCpp), BackendKind::LlamaCpp);
        QCOMPARE(backendKindFor("/m/a.gguf", BackendKind::OpenAi), BackendKind::Native);
        QCOMPARE(backendKindFor("openai:http://h:1/v1", BackendKind::Native), BackendKind::OpenAi);
        QCOMPARE(backendKindFor("openai:", BackendKind::OpenAi), BackendKind::OpenAi);
        QCOMPARE(normalizedModelId("openai:http://h:1/v1"), QStringLiteral("openai:http://h:1/v1"));
        QCOMPARE(modelIdLabel("openai:http://10.0.0.5:11434/v1"), QStringLiteral("10.0.0.5:11434"));
        QCOMPARE(modelIdLabel("/m/a.gguf"), QStringLiteral("a.gguf"));
        QCOMPARE(endpointModelName("", "openai:http://h:8080/v1"),
                 QStringLiteral("the server's model at h:8080"));
    }

    void modelListShowsBackendPerRow() {
        if (!QFile::exists(kModels + "/stories260K.gguf")) QSKIP("conformance models not present");
        QTemporaryDir dir;
        QVERIFY(QFile::copy(kModels + "/stories260K.gguf", dir.filePath("stories260K.gguf")));
        QFile rk(dir.filePath("board.rkllm"));
        QVERIFY(rk.open(QIODevice::WriteOnly));
        rk.write(QByteArray(4096, '\0'));
        rk.close();
        QFile sidecar(dir.filePath("board.peregrine.yaml"));
        QVERIFY(sidecar.open(QIODevice::WriteOnly));
        sidecar.write("runtime: {name: rkllm, version: \"1.3.0\"}\n");
        sidecar.close();

        ModelListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&model, &ModelListModel::scanFinished);
        VerifyOptions options;
        options.board.rkllm.version = RuntimeVersion::parse("1.3.1");
        model.refresh({dir.path()}, options);
        QVERIFY(finished.wait(10000));
        QCOMPARE(model.rowCount(), 2);
        const int gguf = model.indexOfPath(dir.filePath("stories260K.gguf"));
        const int rkllm = model.indexOfPath(dir.filePath("board.rkllm"));
        QVERIFY(gguf >= 0 && rkllm >= 0);
        const auto role = [&](int row, int r) { return model.index(row).data(r).toString(); };

        QCOMPARE(role(gguf, ModelListModel::BackendRole), QStringLiteral("native"));
        QCOMPARE(role(gguf, ModelListModel::BackendTextRole), QStringLiteral("native engine"));
        QCOMPARE(role(rkllm, ModelListModel::BackendRole), QStringLiteral("rkllm"));
        // A vendor model's row names the runtime version it was built for and the board's.
        QCOMPARE(role(rkllm, ModelListModel::BackendTextRole),
                 QStringLiteral("RKLLM (built for RKLLM 1.3.0, board RKLLM 1.3.1)"));

        model.setBackend("llamacpp", "/opt/llama/libllama.so", "", "");
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(role(gguf, ModelListModel::BackendRole), QStringLiteral("llamacpp"));
        QCOMPARE(role(gguf, ModelListModel::BackendTextRole),
                 QStringLiteral("llama.cpp (/opt/llama/libllama.so)"));
        QCOMPARE(role(rkllm, ModelListModel::BackendRole), QStringLiteral("rkllm"));
        qputenv("PEREGRINE_LLAMACPP_LIB", "/env/libllama.so");  // no configured library: the env's
        model.setBackend("llamacpp", "", "", "");
        QCOMPARE(role(gguf, ModelListModel::BackendTextRole), QStringLiteral("llama.cpp (/env/libllama.so)"));
        qunsetenv("PEREGRINE_LLAMACPP_LIB");

        // openai: the server is one more row, selectable; local files stay on the engine.
        model.setBackend("openai", "", "http://127.0.0.1:8080/v1", "llama3");
        QCOMPARE(model.rowCount(), 3);
        const int server = 2;
        QCOMPARE(role(server, ModelListModel::PathRole), QStringLiteral("openai:http://127.0.0.1:8080/v1"));
        QCOMPARE(role(server, ModelListModel::NameRole), QStringLiteral("llama3 at 127.0.0.1:8080"));
        QCOMPARE(role(server, ModelListModel::BackendRole), QStringLiteral("openai"));
        QCOMPARE(role(server, ModelListModel::BackendTextRole), QStringLiteral("OpenAI-compatible server"));
        QVERIFY(model.index(server).data(ModelListModel::ValidRole).toBool());
        QCOMPARE(role(gguf, ModelListModel::BackendRole), QStringLiteral("native"));
        QCOMPARE(model.indexOfPath("openai:http://127.0.0.1:8080/v1"), server);
        model.setCurrentPath("openai:http://127.0.0.1:8080/v1");
        QVERIFY(model.index(server).data(ModelListModel::CurrentRole).toBool());
        QVERIFY(!model.index(gguf).data(ModelListModel::CurrentRole).toBool());

        model.setBackend("openai", "", "", "");  // not set: listed, with the reason and the fix
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(!model.index(server).data(ModelListModel::ValidRole).toBool());
        QCOMPARE(role(server, ModelListModel::VerifyStatusRole), QStringLiteral("failed"));
        QVERIFY(role(server, ModelListModel::ErrorRole).contains("inference.endpoint is not set"));
        QVERIFY(role(server, ModelListModel::VerifyFixRole).contains("inference.endpoint"));

        model.setBackend("native", "", "http://127.0.0.1:8080/v1", "");  // only openai lists the server
        QCOMPARE(model.rowCount(), 2);
    }

    // The switcher skips verification for a server and hands the id to the owner's load; a failure keeps
    // the current model and names the server; nothing is saved.
    void switcherLoadsEndpointWithoutVerifying() {
        ModelSwitcher switcher;
        QStringList saved;
        switcher.setSaveSetting([&](const QString& key, const QString&, QString*) {
            saved << key;
            return true;
        });
        QSignalSpy load(&switcher, &ModelSwitcher::loadCandidate);
        QSignalSpy failed(&switcher, &ModelSwitcher::switchFailed);
        const QString id = QStringLiteral("openai:http://127.0.0.1:9/v1");
        switcher.requestSwitch(id);
        QCOMPARE(switcher.state(), ModelSwitcher::State::Loading);
        QCOMPARE(load.size(), 1);
        QCOMPARE(load.at(0).at(0).toString(), id);
        switcher.onCandidateFailed(id,
                                   "cannot reach the server at http://127.0.0.1:9/v1: connection refused");
        QCOMPARE(failed.size(), 1);
        QCOMPARE(switcher.currentPath(), QString());
        QVERIFY(switcher.lastError().startsWith("127.0.0.1:9: cannot reach"));

        switcher.requestSwitch(id);
        switcher.onCandidateLoaded(id);
        QCOMPARE(switcher.currentPath(), id);
        switcher.noteAnswered(id);
        QVERIFY2(saved.isEmpty(), qPrintable(saved.join(",")));  // a server is chosen by inference.backend
        QCOMPARE(switcher.lastGoodPath(), QString());
    }

    // The worker's load of an endpoint: not set, and refused, each fail with the reason (no crash, nothing
    // loaded).
    void workerRefusesEndpointItCannotUse() {
        InferenceWorker worker;
        worker.setBackend("openai", "");
        worker.setEndpoint("", "");
        QSignalSpy failed(&worker, &InferenceWorker::candidateFailed);
        QSignalSpy loaded(&worker, &InferenceWorker::candidateLoaded);
        worker.loadCandidate(endpointModelId(""), 512, 1);
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.at(0).at(1).toString().contains("inference.endpoint is not set"));

        const QString dead = endpointModelId(QStringLiteral("http://127.0.0.1:%1/v1").arg(deadPort()));
        worker.loadCandidate(dead, 512, 1);
        QCOMPARE(failed.size(), 2);
        QCOMPARE(failed.at(1).at(0).toString(), dead);
        const QString reason = failed.at(1).at(1).toString();
        QVERIFY2(reason.contains("connection refused"), qPrintable(reason));
        QCOMPARE(loaded.size(), 0);

        worker.setEndpoint("", "/nonexistent/key");  // a key file that cannot be read is named
        worker.loadCandidate(endpointModelId("http://127.0.0.1:9/v1"), 512, 1);
        QCOMPARE(failed.size(), 3);
        QVERIFY(failed.at(2).at(1).toString().startsWith("inference.api_key_file:"));
    }

    void benchmarkListTellsBackendsApart() {
        BenchmarkListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime t0 = QDateTime::fromString("2026-03-01T10:00:00Z", Qt::ISODate);
        QList<BenchmarkRunRecord> runs;
        const char* backends[] = {"native", "llamacpp", "", "native"};
        const char* models[] = {"l1b", "l1b", "qwen", "qwen"};
        for (int i = 0; i < 4; ++i) {
            BenchmarkRunRecord r;
            r.id = i + 1;
            r.createdAt = t0.addSecs(60 * i);
            r.model = models[i];
            r.backend = backends[i];
            r.decodeTokPerSec = 10 + i;
            r.promptTokPerSec = 100 + i;
            runs << r;
        }
        model.setRuns(runs);
        // newest first: qwen native, qwen "" (stored before the column), l1b llamacpp, l1b native
        QCOMPARE(model.index(2).data(BenchmarkListModel::BackendRole).toString(), QStringLiteral("llamacpp"));
        QCOMPARE(model.index(2).data(BenchmarkListModel::BackendTextRole).toString(),
                 QStringLiteral("llama.cpp"));
        QCOMPARE(model.index(3).data(BenchmarkListModel::BackendTextRole).toString(),
                 QStringLiteral("native engine"));
        QCOMPARE(model.index(1).data(BenchmarkListModel::BackendRole).toString(), QStringLiteral("native"));
        QStringList names;
        for (const QVariant& s : model.series("decode")) names << s.toMap().value("name").toString();
        // l1b ran on two runtimes: two series; qwen ran natively twice (one stored without a backend): one.
        QCOMPARE(names, QStringList({"l1b · native engine", "l1b · llama.cpp", "qwen"}));
    }
};

QTEST_GUILESS_MAIN(TestModelBackends)
#include "tst_model_backends.moc"
