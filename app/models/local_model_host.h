// LocalModelHost: the default in-process side of the switch handshake (see model_switcher.h). It answers
// with the current Session while a candidate Session loads on a separate loader thread, then swaps on
// commit. Tests, the CLI and headless runs use it; the app's InferenceWorker implements the same slots and
// signals around its own Session.
//
// Threads: create it without a parent and moveToThread() onto its answer thread (or leave it on the
// calling thread in tests; answers then block that thread). Candidate loads run on the host's own loader
// QThread, so the current model keeps answering meanwhile. Sessions cross threads as shared_ptr; a
// Session is used by one thread at a time (the loader until it hands it over, then the answer thread).
#pragma once

#include <QObject>
#include <QString>
#include <QThread>
#include <memory>

namespace peregrine {

class Session;

class LocalModelHost : public QObject {
    Q_OBJECT

public:
    explicit LocalModelHost(QObject* parent = nullptr);
    ~LocalModelHost() override;  // stops the loader thread (waits for a load in progress)

    QString currentPath() const { return m_currentPath; }

public slots:
    // Loads path in the background; candidateLoaded() or candidateFailed() follows. A newer request
    // supersedes an older one (its result is discarded).
    void loadCandidate(const QString& path, int contextLength, int threads);
    // Makes the loaded candidate current (the old Session is released here); committed() follows.
    // A path that is not the loaded candidate is ignored.
    void commitCandidate(const QString& path);
    void discardCandidate(const QString& path);
    // Answers a prompt with the current model (greedy, chat template); answered() or answerFailed().
    void ask(qint64 requestId, const QString& prompt, int maxTokens);

signals:
    void candidateLoaded(const QString& path, double loadMs);
    void candidateFailed(const QString& path, const QString& reason);
    void committed(const QString& path);
    void answered(qint64 requestId, const QString& modelPath, const QString& text);
    void answerFailed(qint64 requestId, const QString& reason);

private:
    void onLoaded(const QString& path, std::shared_ptr<Session> session, double loadMs);

    QThread m_loaderThread;
    QObject* m_loaderContext = nullptr;  // lives on m_loaderThread
    std::shared_ptr<Session> m_current;
    QString m_currentPath;
    std::shared_ptr<Session> m_candidate;
    QString m_candidatePath;
    QString m_requestedPath;  // the latest loadCandidate() path
};

}  // namespace peregrine
