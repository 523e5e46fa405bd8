#include "ui/model_list_model.h"

#include <QFileInfo>
#include <QSet>
#include <algorithm>

#include "inference/model_id.h"
#include "logging/logging.h"
#include "models/memory_fit.h"
#include "models/voice_budget.h"
#include "storage/storage_service.h"

namespace peregrine {

namespace {

// The issue the list shows for a report: the first error, else the first warning.
const VerifyIssue* shownIssue(const VerifyReport& r) {
    for (const VerifyIssue& i : r.issues)
        if (i.severity == Severity::Error) return &i;
    for (const VerifyIssue& i : r.issues)
        if (i.cls != IssueClass::Cancelled) return &i;
    return nullptr;
}

}  // namespace

QString formatParams(quint64 n) {
    if (n >= 1000000000ull) return QStringLiteral("%1B").arg(n / 1e9, 0, 'f', 1);
    if (n >= 1000000ull) return QStringLiteral("%1M").arg(n / 1e6, 0, 'f', n >= 100000000ull ? 0 : 1);
    if (n >= 1000ull) return QStringLiteral("%1K").arg(qRound(n / 1e3));
    return QString::number(n);
}

ModelListModel::ModelListModel(QObject* parent) : QAbstractListModel(parent) {
    connect(&m_catalog, &ModelCatalog::entriesChanged, this, &ModelListModel::onCatalogChanged);
    connect(&m_verifier, &VerifyService::finished, this, &ModelListModel::onVerified);
}

ModelListModel::~ModelListModel() {
    m_verifier.cancelAll();  // the service's destructor waits for the running request
}

int ModelListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : catalogCount() + (m_endpointId.isEmpty() ? 0 : 1);
}

const VerifyReport* ModelListModel::report(const QString& path) const {
    const auto it = m_reports.constFind(path);
    return it != m_reports.constEnd() && it->done ? &it->report : nullptr;
}

QVariant ModelListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    if (index.row() >= catalogCount()) return endpointData(role);
    const CatalogEntry& e = m_catalog.entries().at(index.row());
    const VerifyReport* r = report(e.path);
    const VerifyIssue* issue = r ? shownIssue(*r) : nullptr;
    const int ctx = m_verifier.options().contextLength;
    const bool scanOk = e.status == EntryStatus::Ok;
    switch (role) {
        case PathRole:
            return e.path;
        case FileNameRole:
            return e.fileName;
        case Qt::DisplayRole:
        case NameRole:
            return e.displayName;
        case KindRole:
            return modelKindName(e.kind);
        case ArchitectureRole:
            return e.info ? QString::fromStdString(e.info->architecture) : QString();
        case ChatTemplateRole:
            return e.info ? QString::fromLatin1(chatFamilyName(e.info->chatFamily)) : QString();
        case QuantizationRole:
            return e.info ? QString::fromStdString(e.info->fileType) : QString();
        case SizeTextRole:
            return sizeText(e.sizeBytes);
        case ContextTextRole: {
            if (!e.info || e.info->contextLength <= 0) return QString();
            const int trained = e.info->contextLength;
            const int used = std::min(ctx, trained);
            return used == trained ? QStringLiteral("%1 tokens").arg(used)
                                   : QStringLiteral("%1 of %2 tokens").arg(used).arg(trained);
        }
        case ParamsTextRole:
            return e.info ? formatParams(e.info->nParams) : QString();
        case MemoryTextRole:
            if (r && r->memory) return r->memory->message;
            if (!scanOk) return QString();
            return QStringLiteral("%1 at %2 tokens")
                .arg(sizeText(memoryNeed(e, ctx).total()))
                .arg(e.info ? std::min(ctx, e.info->contextLength) : ctx);
        case FitsRole:
            if (!scanOk) return false;
            return !(r && r->memory && r->memory->verdict == FitVerdict::DoesNotFit);
        case ErrorRole:
            if (r && !r->ok()) return r->firstError();
            return scanOk ? QString() : e.statusMessage;
        case ValidRole:
            return scanOk && (!r || r->ok());
        case CurrentRole:
            return !m_currentPath.isEmpty() && e.path == m_currentPath;
        case VerifyStatusRole:
            if (!r) return scanOk ? QStringLiteral("checking") : QStringLiteral("failed");
            if (!r->ok()) return QStringLiteral("failed");
            return issue ? QStringLiteral("warning") : QStringLiteral("ok");
        case VerifyMessageRole:
            if (!r) return scanOk ? QString() : e.statusMessage;  // until the verifier adds the fix
            return issue ? issue->message : QString();
        case VerifyFixRole:
            return issue ? issue->fix : QString();
        case VoiceVerdictRole:
            return m_voice.value(e.path, tr("not measured yet"));
        case ToolScoreRole:
            return m_toolScore.value(e.path, tr("tools not measured yet"));
        case BackendRole:
            return backendOf(e.path, e.kind);
        case BackendTextRole:
            return e.isVendorBundle() ? QStringLiteral("%1 (%2)").arg(
                                            backendTextOf(backendOf(e.path, e.kind)), runtimeVersionsOf(e))
                                      : backendTextOf(backendOf(e.path, e.kind));
        default:
            return {};
    }
}

QHash<int, QByteArray> ModelListModel::roleNames() const {
    return {{PathRole, "path"},
            {FileNameRole, "fileName"},
            {NameRole, "name"},
            {KindRole, "kind"},
            {ArchitectureRole, "architecture"},
            {ChatTemplateRole, "chatTemplate"},
            {QuantizationRole, "quantization"},
            {SizeTextRole, "sizeText"},
            {ContextTextRole, "contextText"},
            {ParamsTextRole, "paramsText"},
            {MemoryTextRole, "memoryText"},
            {FitsRole, "fits"},
            {ErrorRole, "error"},
            {ValidRole, "valid"},
            {CurrentRole, "current"},
            {VerifyStatusRole, "verifyStatus"},
            {VerifyMessageRole, "verifyMessage"},
            {VerifyFixRole, "verifyFix"},
            {VoiceVerdictRole, "voiceVerdict"},
            {ToolScoreRole, "toolScore"},
            {BackendRole, "backend"},
            {BackendTextRole, "backendText"}};
}

void ModelListModel::refresh(const QStringList& dirs, int contextLength, qint64 memoryLimitBytes) {
    VerifyOptions o = m_verifier.options();
    o.contextLength = contextLength;
    o.memoryLimitBytes = std::max<qint64>(0, memoryLimitBytes);
    refresh(dirs, o);
}

void ModelListModel::refresh(const QStringList& dirs, const VerifyOptions& options) {
    const VerifyOptions& old = m_verifier.options();
    const bool optionsChanged =
        old.contextLength != options.contextLength || old.memoryLimitBytes != options.memoryLimitBytes ||
        old.board.qairt.version.has_value() != options.board.qairt.version.has_value() ||
        old.board.qairt.source != options.board.qairt.source ||
        old.board.rkllm.source != options.board.rkllm.source;
    m_verifier.setOptions(options);
    if (optionsChanged) {
        m_verifier.cancelAll();  // their finished() reports are dropped: m_pending is cleared
        m_pending.clear();
        m_reports.clear();
    }
    m_notifyFinished = true;
    refreshVoiceVerdicts();
    if (m_catalog.dirs() != dirs) {
        m_catalog.setDirs(dirs);  // rescans at once; onCatalogChanged() when the list changed
        emit dirsChanged();
    } else {
        m_catalog.rescan();
    }
    // An unchanged catalog emits nothing: the context or memory limit may still have changed.
    beginResetModel();
    endResetModel();
    verifyMissing();
}

void ModelListModel::onCatalogChanged() {
    beginResetModel();
    endResetModel();
    emit countChanged();
    verifyMissing();
}

// Queues a verification for every entry with no report of its current (size, mtime); drops reports of
// entries that are gone. Emits scanFinished() at once when nothing is left to check.
void ModelListModel::verifyMissing() {
    QSet<QString> present;
    QSet<QString> pendingPaths(m_pending.cbegin(), m_pending.cend());
    const bool wasScanning = scanning();
    for (const CatalogEntry& e : m_catalog.entries()) {
        present.insert(e.path);
        Cached& c = m_reports[e.path];
        const bool current = c.size == e.sizeBytes && c.modified == e.modified;
        if (current && (c.done || pendingPaths.contains(e.path))) continue;
        c = Cached{e.sizeBytes, e.modified, false, {}};
        m_pending.insert(m_verifier.verify(e.path), e.path);
    }
    for (auto it = m_reports.begin(); it != m_reports.end();)
        it = present.contains(it.key()) ? std::next(it) : m_reports.erase(it);
    if (wasScanning != scanning()) emit scanningChanged();
    if (!scanning() && m_notifyFinished) {
        m_notifyFinished = false;
        checkDirs();
        emit scanFinished();
    }
}

void ModelListModel::onVerified(qint64 id, const VerifyReport& report) {
    const QString path = m_pending.take(id);
    if (path.isEmpty()) return;  // superseded
    auto it = m_reports.find(path);
    if (it != m_reports.end() && !report.has(IssueClass::Cancelled)) {
        it->done = true;
        it->report = report;
        if (!report.ok())
            qCInfo(lcUi).noquote() << "model" << path << "does not verify:" << report.firstError();
        const int row = indexOfPath(path);
        if (row >= 0) emit dataChanged(index(row), index(row));
    }
    if (!scanning()) {
        emit scanningChanged();
        if (m_notifyFinished) {
            m_notifyFinished = false;
            qCInfo(lcUi) << "models:" << rowCount() << "in" << m_catalog.dirs();
            checkDirs();
            emit scanFinished();
        }
    }
}

void ModelListModel::checkDirs() {
    QStringList missing;
    for (const QString& dir : m_catalog.dirs()) {
        if (QFileInfo(dir).isDir()) continue;
        missing << dir;
        qCWarning(lcUi).noquote() << "the models folder" << dir << "does not exist";
    }
    if (missing == m_missingDirs) return;
    m_missingDirs = missing;
    emit missingDirsChanged();
}

void ModelListModel::setStorage(StorageService* storage) {
    m_storage = storage;
    connect(storage, &StorageService::benchmarkRunsLoaded, this, &ModelListModel::setBenchmarkRuns);
    connect(storage, &StorageService::toolEvalRunsLoaded, this, &ModelListModel::setToolEvalRuns);
    refreshVoiceVerdicts();
}

void ModelListModel::refreshVoiceVerdicts() {
    if (!m_storage) return;
    m_storage->requestBenchmarkRuns();  // -> setBenchmarkRuns
    m_storage->requestToolEvalRuns();   // -> setToolEvalRuns
}

void ModelListModel::setBenchmarkRuns(const QList<BenchmarkRunRecord>& runs) {
    QHash<QString, QString> voice;
    {
        // Newest first: the first run seen for a model is its latest.
        for (const CatalogEntry& e : m_catalog.entries()) {
            for (const BenchmarkRunRecord& run : runs) {
                const bool same = !run.modelPath.isEmpty()
                                      ? QFileInfo(run.modelPath).absoluteFilePath() == e.path
                                      : run.model == e.displayName;
                // A peregrine-bench test row (pp or tg) has only one of TTFT and decode speed.
                if (!same || !run.test.isEmpty() || run.decodeTokPerSec <= 0) continue;
                voice.insert(e.path, voiceVerdictText(run.ttftMs.value_or(0), run.decodeTokPerSec));
                break;
            }
        }
        for (const BenchmarkRunRecord& run : runs) {  // the endpoint: runs stored under its id
            if (m_endpointId.isEmpty() || run.modelPath != m_endpointId || run.decodeTokPerSec <= 0) continue;
            voice.insert(m_endpointId, voiceVerdictText(run.ttftMs.value_or(0), run.decodeTokPerSec));
            break;
        }
    }
    if (voice == m_voice) return;
    m_voice = voice;
    if (rowCount() > 0) emit dataChanged(index(0), index(rowCount() - 1), {VoiceVerdictRole});
}

void ModelListModel::setCurrentPath(const QString& path) {
    const QString p = normalizedModelId(path);
    if (p == m_currentPath) return;
    m_currentPath = p;
    if (rowCount() > 0) emit dataChanged(index(0), index(rowCount() - 1), {CurrentRole});
    emit currentPathChanged();
}

int ModelListModel::indexOfPath(const QString& path) const {
    const QString p = normalizedModelId(path);
    if (!m_endpointId.isEmpty() && p == m_endpointId) return catalogCount();
    const QList<CatalogEntry>& entries = m_catalog.entries();
    for (int i = 0; i < entries.size(); ++i)
        if (entries[i].path == p) return i;
    return -1;
}

}  // namespace peregrine
