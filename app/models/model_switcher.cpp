#include "models/model_switcher.h"

#include <QFileInfo>

#include "inference/model_id.h"
#include "logging/logging.h"

namespace peregrine {

ModelSwitcher::ModelSwitcher(QObject* parent) : QObject(parent) {
    connect(&m_verifier, &VerifyService::finished, this, &ModelSwitcher::onVerified);
    connect(&m_verifier, &VerifyService::progress, this,
            [this](qint64 id, const QString&, qint64 done, qint64 total) {
                if (id != m_verifyId || total <= 0) return;
                m_progress = static_cast<double>(done) / static_cast<double>(total);
                emit progressChanged();
            });
}

void ModelSwitcher::setVerifyOptions(const VerifyOptions& options) {
    m_verifier.setOptions(options);
    m_contextLength = options.contextLength;
}

void ModelSwitcher::restore(const QString& lastGood) {
    m_lastGood = lastGood.isEmpty() ? QString() : QFileInfo(lastGood).absoluteFilePath();
    emit lastGoodChanged();
}

QString ModelSwitcher::startupModel(const QString& current, const QString& lastGood) {
    const bool currentOk = !current.isEmpty() && QFileInfo::exists(current);
    const bool lastGoodOk = !lastGood.isEmpty() && QFileInfo::exists(lastGood);
    if (lastGoodOk && current != lastGood) return lastGood;  // current never proved itself, or vanished
    if (currentOk) return current;
    return lastGoodOk ? lastGood : QString();
}

void ModelSwitcher::requestSwitch(const QString& requested) {
    if (requested.isEmpty()) return;
    const QString path = normalizedModelId(requested);  // one spelling per model: ids are compared
    if (path == m_current && m_state == State::Idle) return;
    cancel();
    m_reloading = false;
    m_pendingOneOff = false;
    m_lastError.clear();
    emit lastErrorChanged();
    m_progress = 0;
    emit progressChanged();
    qCInfo(lcModels) << "switch requested:" << path;
    if (isEndpointId(path)) {
        loadEndpoint(path);
        return;
    }
    setState(State::Verifying, path);
    m_verifyId = m_verifier.verify(path);
}

// A server has no file to verify: the owner's load checks the endpoint (set, a valid URL, reachable) and
// the switch fails with its reason otherwise. It is chosen by inference.backend, not saved as a model.
void ModelSwitcher::loadEndpoint(const QString& id) {
    m_pendingOneOff = true;
    setState(State::Loading, id);
    emit loadCandidate(id, m_contextLength, m_threads);
}

void ModelSwitcher::requestOneOffSwitch(const QString& path) {
    requestSwitch(path);
    m_pendingOneOff = m_state != State::Idle;
}

void ModelSwitcher::requestReload(const QString& requested) {
    if (requested.isEmpty()) return;
    const QString path = normalizedModelId(requested);
    cancel();
    m_lastError.clear();
    emit lastErrorChanged();
    m_progress = 0;
    emit progressChanged();
    m_reloading = true;
    if (isEndpointId(path)) {
        loadEndpoint(path);
        return;
    }
    setState(State::Verifying, path);
    qCInfo(lcModels) << "reload requested after the file changed on disk:" << path;
    m_verifyId = m_verifier.verify(path);
}

bool ModelSwitcher::revert() {
    if (!canRevert()) return false;
    requestSwitch(m_lastGood);
    return true;
}

void ModelSwitcher::cancel() {
    if (m_state == State::Verifying) m_verifier.cancelAll();
    if (m_state == State::Loading) emit discardCandidate(m_pending);
    m_verifyId = 0;
    setState(State::Idle, QString());
}

void ModelSwitcher::onVerified(qint64 id, const VerifyReport& report) {
    if (id != m_verifyId || m_state != State::Verifying) return;  // a cancelled or superseded request
    emit verified(report);
    if (!report.ok()) {
        fail(report.path, report.firstError());
        return;
    }
    if (report.kind != ModelKind::Gguf) {
        fail(report.path, QStringLiteral("%1 passed verification, but this build cannot run %2 models yet")
                              .arg(QFileInfo(report.path).fileName(), modelKindName(report.kind)));
        return;
    }
    setState(State::Loading, report.path);
    emit loadCandidate(report.path, m_contextLength, m_threads);
}

void ModelSwitcher::onCandidateLoaded(const QString& path) {
    if (m_state != State::Loading || path != m_pending) {
        emit discardCandidate(path);  // a load we no longer want
        return;
    }
    emit commitCandidate(path);
    const bool reload = m_reloading;
    m_reloading = false;
    if (!reload) m_currentOneOff = m_pendingOneOff;  // a reload keeps how the model was chosen
    m_pendingOneOff = false;
    m_current = path;
    setState(State::Idle, QString());
    if (!m_currentOneOff) persist("models.current", path);
    qCInfo(lcModels) << "switched to" << path;
    emit currentChanged();
    emit lastGoodChanged();  // canRevert may have changed
    emit switched(path);
}

void ModelSwitcher::onCandidateFailed(const QString& path, const QString& reason) {
    if (m_state != State::Loading || path != m_pending) return;
    fail(path, reason);
}

void ModelSwitcher::noteAnswered(const QString& path) {
    // A server is not a fallback: last good stays the local model that answered last.
    if (path.isEmpty() || path != m_current || path == m_lastGood || isEndpointId(path)) return;
    m_lastGood = path;
    if (!m_currentOneOff) persist("models.last_good", path);
    emit lastGoodChanged();
}

void ModelSwitcher::fail(const QString& path, const QString& reason) {
    qCWarning(lcModels) << "switch to" << path << "failed:" << reason;
    m_lastError = QStringLiteral("%1: %2").arg(modelIdLabel(path), reason);
    setState(State::Idle, QString());
    emit lastErrorChanged();
    emit switchFailed(path, reason);
    // Nothing is loaded yet (start-up), or the current model's file went bad on disk: fall back to the last
    // model that worked.
    const bool reloading = m_reloading;
    m_reloading = false;
    if ((m_current.isEmpty() || reloading) && !m_lastGood.isEmpty() && m_lastGood != path &&
        QFileInfo::exists(m_lastGood))
        requestSwitch(m_lastGood);
}

void ModelSwitcher::setState(State s, const QString& pending) {
    if (s == m_state && pending == m_pending) return;
    m_state = s;
    m_pending = pending;
    emit stateChanged();
}

void ModelSwitcher::persist(const char* key, const QString& value) {
    if (!m_save) return;
    QString error;
    if (!m_save(QString::fromLatin1(key), value, &error))
        qCWarning(lcModels) << "cannot save" << key << ":" << error;
}

}  // namespace peregrine
