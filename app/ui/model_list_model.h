// ModelListModel: the models of the ModelCatalog (GGUF files, Qualcomm Genie bundles, Rockchip .rkllm files
// in the models folders; updated live as files appear or disappear), with what a driver or integrator needs
// to pick one: name, kind, architecture, size, quantization, context, the memory fit at the configured
// context, the verifier's finding (message and fix), the voice verdict of the latest benchmark run and the
// runtime that runs it (backendKindFor in inference/backend_factory.h decides, as for the worker's load).
// With inference.backend: openai the server of inference.endpoint is one more entry, the last row: id
// "openai:<url>" (inference/model_id.h), named "<model> at <host:port>", selectable like a file.
//
// Every entry is verified in the background by the model's own VerifyService (checksum, GGUF, memory fit,
// runtime versions), one after another; a report is cached per (path, size, mtime) and redone only when the
// file changes or the verify options change. scanning is true while verifications are pending;
// scanFinished() follows when the last one of a refresh is done.
// Thread: UI thread (verification runs on the service's thread; results arrive queued).
#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QStringList>

#include "inference/backend_factory.h"
#include "models/model_catalog.h"
#include "models/model_verifier.h"
#include "models/verify_service.h"
#include "storage/records.h"

namespace peregrine {

class StorageService;

class ModelListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool scanning READ scanning NOTIFY scanningChanged)
    Q_PROPERTY(QString currentPath READ currentPath NOTIFY currentPathChanged)
    Q_PROPERTY(QStringList dirs READ dirs NOTIFY dirsChanged)
    // Configured models folders that did not exist at the latest scan (shown on the models page, logged).
    Q_PROPERTY(QStringList missingDirs READ missingDirs NOTIFY missingDirsChanged)

public:
    enum Role {
        PathRole = Qt::UserRole + 1,
        FileNameRole,
        NameRole,
        KindRole,  // "GGUF", "Genie bundle", "RKLLM"
        ArchitectureRole,
        QuantizationRole,
        SizeTextRole,     // "1.9 GB"
        ContextTextRole,  // "4096 of 131072 tokens"
        ParamsTextRole,   // "3.2B"
        MemoryTextRole,   // the memory fit: "needs 2.4 GB (...), 7.1 GB available (MemAvailable): fits"
        FitsRole,         // the memory fit is not "does not fit"
        ErrorRole,        // the first error (scan or verifier) with its fix; "" when none
        ValidRole,        // no error found (yet)
        CurrentRole,
        VerifyStatusRole,   // "checking", "ok", "warning", "failed"
        VerifyMessageRole,  // the first error's (else warning's) message; "" when ok
        VerifyFixRole,      // its fix; may be ""
        VoiceVerdictRole,   // "natural (1.4 s for a 50-token answer)" or "not measured yet"
        ChatTemplateRole,   // the chat template family recognised in the file ("qwen3", "gemma", ...); "" if
                            // none
        BackendRole,        // the runtime's short name: "native", "llamacpp", "openai", "genie", "rkllm"
        BackendTextRole,    // "native engine", "llama.cpp (/opt/llama/libllama.so)", "OpenAI-compatible
                            // server", "Genie (built for QAIRT 2.42.0, board QAIRT 2.40.1)", "RKLLM (...)"
        ToolScoreRole,      // the latest bench/tools run: "tools 88% (simple 100, multiple 92, parallel 75,
                            // irrelevance 83; auto)" or "tools not measured yet"
    };
    Q_ENUM(Role)

    explicit ModelListModel(QObject* parent = nullptr);
    ~ModelListModel() override;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Sets the folders (the catalog rescans at once and keeps watching them) and the verification options
    // (context length, memory limit, board runtimes); reports made with other options are redone.
    void refresh(const QStringList& dirs, const VerifyOptions& options);
    // Convenience: options with this context length and memory limit (<= 0: MemAvailable).
    void refresh(const QStringList& dirs, int contextLength, qint64 memoryLimitBytes);
    // Benchmark runs the voice verdicts come from (not owned; null = "not measured yet" everywhere).
    // Voice verdicts come from the benchmark runs the storage thread reports (benchmarkRunsLoaded).
    void setStorage(StorageService* storage);
    void setCurrentPath(const QString& path);
    // inference.backend ("native", "llamacpp", "openai"; unknown = native), runtimes.llamacpp.library and,
    // for openai, inference.endpoint / inference.endpoint_model (the endpoint entry; "" endpoint: the entry
    // says it is not set). Resets the list. Invokable for the view tests.
    Q_INVOKABLE void setBackend(const QString& backend, const QString& llamacppLibrary,
                                const QString& endpoint, const QString& endpointModel);
    // The endpoint entry's id, "" when inference.backend is not openai.
    QString endpointId() const { return m_endpointId; }
    // The short name and the text of the runtime that runs a catalog entry or the endpoint (the roles).
    QString backendOf(const QString& id, ModelKind kind) const;
    QString backendTextOf(const QString& backend) const;
    // A vendor bundle's runtime versions: what it was built for (sidecar / tool-versions.yaml) and what the
    // board has (the verifier's board runtimes): "built for QAIRT 2.42.0, board QAIRT 2.40.1".
    QString runtimeVersionsOf(const CatalogEntry& entry) const;

    bool scanning() const { return !m_pending.isEmpty(); }
    QString currentPath() const { return m_currentPath; }
    QStringList dirs() const { return m_catalog.dirs(); }
    QStringList missingDirs() const { return m_missingDirs; }
    ModelCatalog& catalog() { return m_catalog; }
    const QList<CatalogEntry>& entries() const { return m_catalog.entries(); }
    // The verifier's report for a path, or nullptr while it is being checked.
    const VerifyReport* report(const QString& path) const;
    int indexOfPath(const QString& path) const;

public slots:
    // Asks storage for the latest benchmark run of every model (after a benchmark finished); the verdicts
    // change when the runs arrive.
    void refreshVoiceVerdicts();
    void setBenchmarkRuns(const QList<peregrine::BenchmarkRunRecord>& runs);
    // The tool scores from bench/tools runs (newest first, as the storage thread reports them).
    void setToolEvalRuns(const QList<peregrine::ToolEvalRunRecord>& runs);

signals:
    void countChanged();
    void scanningChanged();
    void currentPathChanged();
    void dirsChanged();
    void missingDirsChanged();
    void scanFinished();

private:
    struct Cached {
        qint64 size = -1;
        QDateTime modified;
        bool done = false;
        VerifyReport report;
    };
    void onCatalogChanged();
    void onVerified(qint64 id, const VerifyReport& report);
    void verifyMissing();
    QVariant endpointData(int role) const;
    int catalogCount() const { return static_cast<int>(m_catalog.entries().size()); }

    ModelCatalog m_catalog;
    VerifyService m_verifier;
    void checkDirs();  // updates missingDirs (end of a scan)

    StorageService* m_storage = nullptr;
    QStringList m_missingDirs;
    QHash<QString, Cached> m_reports;     // by path
    QHash<qint64, QString> m_pending;     // verify id -> path
    QHash<QString, QString> m_voice;      // path -> voice verdict text
    QHash<QString, QString> m_toolScore;  // path -> tool score text (model_list_tools.cpp)
    QString m_currentPath;
    bool m_notifyFinished = false;
    BackendKind m_backend = BackendKind::Native;
    QString m_llamacppLibrary;
    QString m_endpointId;  // "openai:<url>" while inference.backend is openai, else ""
    QString m_endpointModel;
};

// The Models page's text for one bench/tools run (its category rows): "tools 88% (simple 100, ...; auto)".
QString toolScoreText(const QList<ToolEvalRunRecord>& run);

// "260K", "1.2B"
QString formatParams(quint64 n);

}  // namespace peregrine
