#include "inference/endpoint_check.h"

#include <QUrl>

#include "backends/http_stream.h"

namespace peregrine {

Status checkEndpointReachable(const std::string& url, int timeoutMs) {
    std::string base = url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    HttpStreamClient client;
    if (!client.isUsable()) return Status::error("checking the server needs a QCoreApplication (Qt Network)");
    HttpRequest request;
    request.url = QUrl(QString::fromStdString(base + "/models"));
    request.stallMs = timeoutMs;
    const HttpResult r = client.run(request, [](const QByteArray&) { return false; });  // headers suffice
    switch (r.outcome) {
        case HttpResult::Outcome::Finished:
        case HttpResult::Outcome::Cancelled:  // the body started: the server is there
            return Status::ok();
        case HttpResult::Outcome::Stalled:
            if (r.httpStatus > 0) return Status::ok();  // headers came, then the body was slow
            return Status::error("the server at " + base + " did not answer within " +
                                 std::to_string((timeoutMs + 999) / 1000) + " s");
        case HttpResult::Outcome::NetworkError:
            if (r.httpStatus > 0) return Status::ok();  // it answered, with an error status
            return Status::error("cannot reach the server at " + base + ": " +
                                 describeNetworkError(r.networkError, r.networkErrorText).toStdString());
    }
    return Status::ok();
}

}  // namespace peregrine
