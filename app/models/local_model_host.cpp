#include "models/local_model_host.h"

#include <QElapsedTimer>
#include <exception>
#include <string>

#include "logging/logging.h"
#include "runtime/session.h"

namespace peregrine {

LocalModelHost::LocalModelHost(QObject* parent) : QObject(parent) {
    m_loaderThread.setObjectName(QStringLiteral("peregrine-model-load"));
    m_loaderContext = new QObject;
    m_loaderContext->moveToThread(&m_loaderThread);
    connect(&m_loaderThread, &QThread::finished, m_loaderContext, &QObject::deleteLater);
    m_loaderThread.start(QThread::LowPriority);
}

LocalModelHost::~LocalModelHost() {
    m_loaderThread.quit();
    m_loaderThread.wait();
}

void LocalModelHost::loadCandidate(const QString& path, int contextLength, int threads) {
    m_requestedPath = path;
    m_candidate.reset();
    m_candidatePath.clear();
    LocalModelHost* self = this;  // alive until the loader thread is joined in the destructor
    QMetaObject::invokeMethod(m_loaderContext, [self, path, contextLength, threads] {
        QElapsedTimer timer;
        timer.start();
        SessionOptions options;
        options.contextLength = contextLength;
        options.threads = threads;
        QString error;
        std::shared_ptr<Session> session;
        try {
            auto loaded = Session::load(path.toStdString(), options);
            if (loaded)
                session = std::shared_ptr<Session>(std::move(*loaded));
            else
                error = QString::fromStdString(loaded.message());
        } catch (const std::exception& e) {  // e.g. std::bad_alloc: the model needed more than the board had
            error = QStringLiteral("loading failed: %1").arg(QString::fromLocal8Bit(e.what()));
        }
        const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        QMetaObject::invokeMethod(self, [self, path, session, error, ms] {
            if (session)
                self->onLoaded(path, session, ms);
            else if (path == self->m_requestedPath)
                emit self->candidateFailed(path, error);
        });
    });
}

void LocalModelHost::onLoaded(const QString& path, std::shared_ptr<Session> session, double loadMs) {
    if (path != m_requestedPath) return;  // superseded by a newer request
    m_candidate = std::move(session);
    m_candidatePath = path;
    qCInfo(lcModels) << "candidate loaded:" << path << qRound(loadMs) << "ms";
    emit candidateLoaded(path, loadMs);
}

void LocalModelHost::commitCandidate(const QString& path) {
    if (!m_candidate || path != m_candidatePath) return;
    m_current = std::move(m_candidate);  // the previous Session is released here, on this thread
    m_currentPath = path;
    m_candidatePath.clear();
    emit committed(path);
}

void LocalModelHost::discardCandidate(const QString& path) {
    if (path == m_candidatePath) {
        m_candidate.reset();
        m_candidatePath.clear();
    }
    if (path == m_requestedPath) m_requestedPath.clear();
}

void LocalModelHost::ask(qint64 requestId, const QString& prompt, int maxTokens) {
    if (!m_current) {
        emit answerFailed(requestId, QStringLiteral("no model is loaded"));
        return;
    }
    std::string text;
    GenerateOptions options;
    options.maxTokens = maxTokens;
    options.sampling.temperature = 0;
    const ChatMessage messages[] = {{"user", prompt.toStdString()}};
    auto stats = m_current->chat(messages, options, [&](std::string_view piece, int32_t) {
        text.append(piece);
        return true;
    });
    if (!stats) {
        emit answerFailed(requestId, QString::fromStdString(stats.message()));
        return;
    }
    emit answered(requestId, m_currentPath, QString::fromStdString(text));
}

}  // namespace peregrine
