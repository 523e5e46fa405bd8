#include "backends/http_stream.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QThread>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace peregrine {

namespace {

constexpr qsizetype kMaxErrorBody = 64 * 1024;  // enough for any error message; the rest is dropped

// What the network thread and the waiting caller share for one request.
struct Exchange {
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<QByteArray> pieces;
    int httpStatus = 0;
    bool done = false;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorText;
    QPointer<QNetworkReply> reply;  // touched on the network thread only
};

void pushPiece(Exchange& ex, QNetworkReply* reply) {
    QByteArray bytes = reply->isOpen() ? reply->readAll() : QByteArray();  // closed once aborted
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    std::lock_guard lock(ex.mutex);
    ex.httpStatus = status;
    if (!bytes.isEmpty()) {
        ex.pieces.push_back(std::move(bytes));
    }
    ex.cv.notify_all();
}

void startOnNetworkThread(QObject* context, const HttpRequest& req, const std::shared_ptr<Exchange>& ex) {
    auto* nam = context->findChild<QNetworkAccessManager*>();
    if (nam == nullptr) {
        nam = new QNetworkAccessManager(context);
    }
    QNetworkRequest r(req.url);
    for (const auto& [name, value] : req.headers) {
        r.setRawHeader(name, value);
    }
    r.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    QNetworkReply* reply = req.method == "POST" ? nam->post(r, req.body) : nam->get(r);
    ex->reply = reply;
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [reply, ex] { pushPiece(*ex, reply); });
    QObject::connect(reply, &QNetworkReply::finished, reply, [reply, ex] {
        pushPiece(*ex, reply);
        std::lock_guard lock(ex->mutex);
        ex->error = reply->error();
        ex->errorText = reply->errorString();
        ex->done = true;
        ex->cv.notify_all();
        reply->deleteLater();
    });
}

}  // namespace

HttpStreamClient::HttpStreamClient() {
    if (QCoreApplication::instance() == nullptr) {
        return;  // isUsable() is false; run() reports it
    }
    m_thread = new QThread;
    m_thread->setObjectName("peregrine-http");
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    m_thread->start();
}

HttpStreamClient::~HttpStreamClient() {
    if (m_thread == nullptr) {
        return;
    }
    QObject* context = m_context;
    QMetaObject::invokeMethod(
        context, [context] { delete context; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

HttpResult HttpStreamClient::run(const HttpRequest& request,
                                 const std::function<bool(const QByteArray&)>& onData) {
    HttpResult result;
    if (m_context == nullptr) {
        result.outcome = HttpResult::Outcome::NetworkError;
        result.networkErrorText = "no QCoreApplication: the HTTP client cannot run";
        return result;
    }
    auto ex = std::make_shared<Exchange>();
    QMetaObject::invokeMethod(
        m_context, [context = m_context, request, ex] { startOnNetworkThread(context, request, ex); });
    const auto abortAndWait = [&] {
        QMetaObject::invokeMethod(m_context, [ex] {
            if (ex->reply) {
                ex->reply->abort();
            }
        });
        std::unique_lock lock(ex->mutex);
        ex->cv.wait_for(lock, std::chrono::seconds(5), [&] { return ex->done; });
    };

    using Clock = std::chrono::steady_clock;
    const auto stall = std::chrono::milliseconds(std::max(1, request.stallMs));
    const auto slice = std::chrono::milliseconds(50);  // how often a waiting caller looks at request.cancel
    const auto cancelled = [&] { return request.cancel != nullptr && request.cancel->load(); };
    auto deadline = Clock::now() + stall;
    for (;;) {
        std::deque<QByteArray> pieces;
        bool done = false;
        {
            std::unique_lock lock(ex->mutex);
            bool ready = false;
            while (!ready && !cancelled() && Clock::now() < deadline) {
                ready = ex->cv.wait_until(lock, std::min(deadline, Clock::now() + slice),
                                          [&] { return !ex->pieces.empty() || ex->done; });
            }
            if (!ready) {
                lock.unlock();
                abortAndWait();
                result.outcome = cancelled() ? HttpResult::Outcome::Cancelled : HttpResult::Outcome::Stalled;
                result.httpStatus = ex->httpStatus;
                return result;
            }
            deadline = Clock::now() + stall;
            pieces.swap(ex->pieces);
            done = ex->done;
            result.httpStatus = ex->httpStatus;
        }
        for (QByteArray& piece : pieces) {
            result.bytesReceived += piece.size();
            if (result.httpStatus >= 200 && result.httpStatus < 300) {
                if (!onData(piece)) {
                    abortAndWait();
                    result.outcome = HttpResult::Outcome::Cancelled;
                    return result;
                }
            } else if (result.errorBody.size() < kMaxErrorBody) {
                result.errorBody += piece.left(kMaxErrorBody - result.errorBody.size());
            }
        }
        if (done) {
            std::lock_guard lock(ex->mutex);
            const bool httpError = result.httpStatus >= 400;  // QNAM also flags these; the status says more
            if (ex->error != QNetworkReply::NoError && !httpError) {
                result.outcome = HttpResult::Outcome::NetworkError;
                result.networkError = int(ex->error);
                result.networkErrorText = ex->errorText;
            }
            return result;
        }
    }
}

QString describeNetworkError(int networkError, const QString& qtText) {
    switch (QNetworkReply::NetworkError(networkError)) {
        case QNetworkReply::ConnectionRefusedError:
            return "connection refused";
        case QNetworkReply::HostNotFoundError:
            return "host not found";
        case QNetworkReply::RemoteHostClosedError:
            return "the server closed the connection";
        case QNetworkReply::TimeoutError:
            return "connection timed out";
        case QNetworkReply::SslHandshakeFailedError:
            return "TLS handshake failed (" + qtText + ")";
        case QNetworkReply::ProtocolUnknownError:
            return "unsupported URL scheme (use http:// or https://)";
        default:
            return qtText;
    }
}

}  // namespace peregrine
