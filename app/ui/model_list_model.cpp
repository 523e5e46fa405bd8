#include "ui/model_list_model.h"

#include <QFileInfo>
#include <QThread>
#include <memory>

#include "logging/logging.h"
#include "system/memory_info.h"

namespace peregrine {

ModelListModel::ModelListModel(QObject* parent) : QAbstractListModel(parent) {}

ModelListModel::~ModelListModel() {
    if (m_thread) m_thread->wait();  // it only reads headers: bounded, short
}

int ModelListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ModelListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const ModelEntry& e = m_rows.at(index.row());
    switch (role) {
        case PathRole:
            return e.path;
        case FileNameRole:
            return e.fileName;
        case Qt::DisplayRole:
        case NameRole:
            return e.name;
        case ArchitectureRole:
            return e.architecture;
        case QuantizationRole:
            return e.quantization;
        case SizeTextRole:
            return formatBytes(e.sizeBytes);
        case ContextTextRole:
            if (!e.valid()) return QString();
            return e.context == e.trainedContext
                       ? QStringLiteral("%1 tokens").arg(e.context)
                       : QStringLiteral("%1 of %2 tokens").arg(e.context).arg(e.trainedContext);
        case ParamsTextRole:
            return e.valid() ? formatParams(e.nParams) : QString();
        case MemoryTextRole:
            return e.valid() ? QStringLiteral("%1 at %2 tokens")
                                   .arg(formatBytes(e.estimatedMemoryBytes))
                                   .arg(e.context)
                             : QString();
        case FitsRole:
            return e.valid() && (m_availableBytes < 0 || e.estimatedMemoryBytes <= m_availableBytes);
        case ErrorRole:
            return e.error;
        case ValidRole:
            return e.valid();
        case CurrentRole:
            return !m_currentPath.isEmpty() && e.path == m_currentPath;
        default:
            return {};
    }
}

QHash<int, QByteArray> ModelListModel::roleNames() const {
    return {{PathRole, "path"},
            {FileNameRole, "fileName"},
            {NameRole, "name"},
            {ArchitectureRole, "architecture"},
            {QuantizationRole, "quantization"},
            {SizeTextRole, "sizeText"},
            {ContextTextRole, "contextText"},
            {ParamsTextRole, "paramsText"},
            {MemoryTextRole, "memoryText"},
            {FitsRole, "fits"},
            {ErrorRole, "error"},
            {ValidRole, "valid"},
            {CurrentRole, "current"}};
}

void ModelListModel::refresh(const QStringList& dirs, int contextLength, qint64 availableBytes) {
    if (m_dirs != dirs) {
        m_dirs = dirs;
        emit dirsChanged();
    }
    m_contextLength = contextLength;
    m_availableBytes = availableBytes;
    if (m_thread) {
        m_rescan = true;
        return;
    }
    startScan();
}

void ModelListModel::startScan() {
    auto result = std::make_shared<QList<ModelEntry>>();
    const QStringList dirs = m_dirs;
    const int ctx = m_contextLength;
    m_thread = QThread::create([result, dirs, ctx] {
        for (const QString& path : findModelFiles(dirs)) result->append(inspectModel(path, ctx));
    });
    connect(m_thread, &QThread::finished, this, [this, result] {
        m_thread->deleteLater();
        m_thread = nullptr;
        setEntries(*result);
        qCInfo(lcUi) << "models:" << m_rows.size() << "in" << m_dirs;
        if (m_rescan) {
            m_rescan = false;
            startScan();
        }
        emit scanningChanged();
        emit scanFinished();
    });
    m_thread->start(QThread::LowPriority);
    emit scanningChanged();
}

void ModelListModel::setEntries(const QList<ModelEntry>& entries) {
    beginResetModel();
    m_rows = entries;
    endResetModel();
    emit countChanged();
}

void ModelListModel::setCurrentPath(const QString& path) {
    const QString p = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    if (p == m_currentPath) return;
    m_currentPath = p;
    if (!m_rows.isEmpty()) emit dataChanged(index(0), index(rowCount() - 1), {CurrentRole});
    emit currentPathChanged();
}

int ModelListModel::indexOfPath(const QString& path) const {
    const QString p = QFileInfo(path).absoluteFilePath();
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].path == p) return i;
    return -1;
}

}  // namespace peregrine
