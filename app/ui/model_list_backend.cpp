// ModelListModel, the runtime side: which backend runs each row (with a vendor bundle's runtime versions)
// and the endpoint entry of inference.backend: openai (see model_list_model.h).
#include "backends/llamacpp/llama_library.h"
#include "inference/model_id.h"
#include "lists/backend_name.h"
#include "ui/model_list_model.h"

namespace peregrine {

QString ModelListModel::backendOf(const QString& id, ModelKind kind) const {
    if (kind == ModelKind::GenieBundle) return QStringLiteral("genie");
    if (kind == ModelKind::Rkllm) return QStringLiteral("rkllm");
    return QString::fromLatin1(backendKindName(backendKindFor(id.toStdString(), m_backend)));
}

QString ModelListModel::backendTextOf(const QString& backend) const {
    if (backend == QLatin1String("llamacpp")) {  // the library the load will open (no dlopen here)
        const std::string library = llamacpp::LlamaLibrary::resolvePath(m_llamacppLibrary.toStdString());
        return QStringLiteral("llama.cpp (%1)").arg(QString::fromStdString(library));
    }
    return backendDisplayName(backend);
}

QString ModelListModel::runtimeVersionsOf(const CatalogEntry& entry) const {
    const bool genie = entry.kind == ModelKind::GenieBundle;
    const QString runtime = genie ? QStringLiteral("QAIRT") : QStringLiteral("RKLLM");
    const BoardRuntime& board = genie ? m_verifier.options().board.qairt : m_verifier.options().board.rkllm;
    const QString built = entry.sidecar.runtimeVersion.isEmpty()
                              ? tr("built for an unknown %1").arg(runtime)
                              : tr("built for %1 %2").arg(runtime, entry.sidecar.runtimeVersion);
    const QString here = board.version ? tr("board %1 %2").arg(runtime, board.version->display())
                                       : tr("board %1 unknown").arg(runtime);
    return QStringLiteral("%1, %2").arg(built, here);
}

void ModelListModel::setBackend(const QString& backend, const QString& llamacppLibrary,
                                const QString& endpoint, const QString& endpointModel) {
    beginResetModel();
    m_backend = parseBackendKind(backend.toStdString()).value_or(BackendKind::Native);
    m_llamacppLibrary = llamacppLibrary;
    m_endpointId = m_backend == BackendKind::OpenAi ? endpointModelId(endpoint) : QString();
    m_endpointModel = endpointModel;
    endResetModel();
    emit countChanged();
}

QVariant ModelListModel::endpointData(int role) const {
    const bool set = !endpointUrlOf(m_endpointId).isEmpty();
    const QString notSet = tr("inference.endpoint is not set");
    switch (role) {
        case PathRole:
            return m_endpointId;
        case FileNameRole:
            return modelIdLabel(m_endpointId);
        case Qt::DisplayRole:
        case NameRole:
            return endpointModelName(m_endpointModel, m_endpointId);
        case KindRole:
            return tr("Server");
        case FitsRole:
            return true;  // its memory is the server's
        case ErrorRole:
        case VerifyMessageRole:
            return set ? QString() : notSet;
        case VerifyFixRole:
            return set ? QString()
                       : tr("peregrine-cli config set inference.endpoint http://127.0.0.1:8080/v1");
        case ValidRole:
            return set;
        case CurrentRole:
            return m_endpointId == m_currentPath;
        case VerifyStatusRole:  // checked when it is loaded: the switcher reports a server it cannot reach
            return set ? QStringLiteral("ok") : QStringLiteral("failed");
        case VoiceVerdictRole:
            return m_voice.value(m_endpointId, tr("not measured yet"));
        case ToolScoreRole:
            return m_toolScore.value(m_endpointId, tr("tools not measured yet"));
        case BackendRole:
            return QString::fromLatin1(backendKindName(BackendKind::OpenAi));
        case BackendTextRole:
            return backendTextOf(QString::fromLatin1(backendKindName(BackendKind::OpenAi)));
        default:
            return QString();
    }
}

}  // namespace peregrine
