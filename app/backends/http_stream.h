// HttpStreamClient: blocking HTTP requests whose response body is streamed to the caller, for a thread that
// runs no event loop of its own while it waits (the inference QThread inside Backend::chat, or the CLI's
// main thread). The requests run on a private QThread with its own QNetworkAccessManager; the caller waits
// on a condition variable, so no queued signal of the caller's thread is dispatched re-entrantly while a
// request runs (what a local QEventLoop would do to the InferenceWorker).
//
// Thread: one request at a time per client, from any thread other than the client's own network thread.
// Needs a QCoreApplication (an error says so otherwise). Ownership: the client owns its thread; destroying
// it aborts nothing (call from the thread that ran the requests, after they returned).
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <atomic>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

class QThread;
class QObject;

namespace peregrine {

struct HttpRequest {
    QByteArray method = "GET";  // "GET" or "POST"
    QUrl url;
    QByteArray body;
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    int stallMs = 15000;  // no byte (nor the connection) for this long ends the request as stalled
    // Set from any thread to abort the request within ~50 ms even while no byte arrives (Cancelled).
    // May be null. Not owned; must outlive run().
    const std::atomic<bool>* cancel = nullptr;
};

struct HttpResult {
    enum class Outcome { Finished, NetworkError, Stalled, Cancelled };
    Outcome outcome = Outcome::Finished;
    int httpStatus = 0;    // 0 when no response arrived
    QByteArray errorBody;  // the whole body of a non-2xx response (not passed to onData)
    int networkError = 0;  // QNetworkReply::NetworkError of an Outcome::NetworkError
    QString networkErrorText;
    qint64 bytesReceived = 0;
};

class HttpStreamClient {
public:
    HttpStreamClient();
    ~HttpStreamClient();
    HttpStreamClient(const HttpStreamClient&) = delete;
    HttpStreamClient& operator=(const HttpStreamClient&) = delete;

    // Runs the request; blocks until it ends. Each piece of a 2xx body goes to onData on the calling thread
    // as it arrives; onData returning false aborts the request (the connection is closed; Cancelled).
    HttpResult run(const HttpRequest& request, const std::function<bool(const QByteArray&)>& onData);

    // Whether the client could start its network thread (false without a QCoreApplication).
    bool isUsable() const { return m_context != nullptr; }

private:
    QThread* m_thread = nullptr;
    QObject* m_context = nullptr;  // lives on m_thread; parent of the QNetworkAccessManager
};

// A short description of a network error for messages: "connection refused", "host not found", ...
QString describeNetworkError(int networkError, const QString& qtText);

}  // namespace peregrine
