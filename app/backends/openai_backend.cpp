#include "backends/openai_backend.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QUrl>
#include <cstdio>

#include "backends/http_stream.h"
#include "backends/openai_protocol.h"
#include "backends/sse_parser.h"

namespace peregrine {

namespace {

std::string seconds(int ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f s", ms / 1000.0);
    return buf;
}

// Strips a trailing '/' and a pasted "/chat/completions" so both "…/v1" and "…/v1/chat/completions" work.
std::string normalizeBase(std::string url) {
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    const std::string suffix = "/chat/completions";
    if (url.size() > suffix.size() && url.compare(url.size() - suffix.size(), suffix.size(), suffix) == 0) {
        url.resize(url.size() - suffix.size());
    }
    return url;
}

std::vector<std::pair<QByteArray, QByteArray>> headersFor(const OpenAiEndpoint& e, bool stream) {
    std::vector<std::pair<QByteArray, QByteArray>> h{{"Content-Type", "application/json"}};
    h.emplace_back("Accept", stream ? "text/event-stream" : "application/json");
    if (!e.apiKey.empty()) {
        h.emplace_back("Authorization", "Bearer " + QByteArray::fromStdString(e.apiKey));
    }
    return h;
}

}  // namespace

bool isLoopbackHost(const std::string& url) {
    const QString host = QUrl(QString::fromStdString(url)).host();
    if (host.compare("localhost", Qt::CaseInsensitive) == 0) {
        return true;
    }
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

Result<std::unique_ptr<Backend>> openOpenAiBackend(const OpenAiEndpoint& endpoint) {
    OpenAiEndpoint e = endpoint;
    e.url = normalizeBase(e.url);
    const QUrl url(QString::fromStdString(e.url), QUrl::StrictMode);
    if (e.url.empty()) {
        return Status::error("no endpoint URL (e.g. http://127.0.0.1:8080/v1)");
    }
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") || url.host().isEmpty()) {
        return Status::error(
            "endpoint \"" + e.url +
            "\" is not an http:// or https:// URL with a host (e.g. http://127.0.0.1:8080/v1)");
    }
    if (e.stallTimeoutMs <= 0) {
        e.stallTimeoutMs = OpenAiEndpoint{}.stallTimeoutMs;
    }
    if (e.probeTimeoutMs <= 0) {
        e.probeTimeoutMs = OpenAiEndpoint{}.probeTimeoutMs;
    }
    auto client = std::make_unique<HttpStreamClient>();
    if (!client->isUsable()) {
        return Status::error("the OpenAI-compatible backend needs a QCoreApplication (Qt Network)");
    }
    auto backend = std::make_unique<OpenAiBackend>(e, std::move(client));
    (void)backend->probeModels();  // the name is a nicety; a server without /models still chats
    return std::unique_ptr<Backend>(std::move(backend));
}

OpenAiBackend::OpenAiBackend(OpenAiEndpoint endpoint, std::unique_ptr<HttpStreamClient> client)
    : m_endpoint(std::move(endpoint)), m_client(std::move(client)) {
    m_model.path = m_endpoint.url;
    m_model.name = m_endpoint.model;
}

OpenAiBackend::~OpenAiBackend() = default;

std::string OpenAiBackend::chatUrl() const {
    return m_endpoint.url + "/chat/completions";
}

std::string OpenAiBackend::runtimeDescription() const {
    const std::string server =
        m_model.architecture == "llama-server" ? "llama-server" : "OpenAI-compatible server";
    return server + " at " + m_endpoint.url;
}

BackendCapabilities OpenAiBackend::capabilities() const {
    BackendCapabilities c;
    c.prefixReuse = false;
    c.threadLever = false;
    c.logits = false;
    c.textCompletion = false;
    c.local = isLoopbackHost(m_endpoint.url);
    return c;
}

Status OpenAiBackend::probeModels() {
    HttpRequest req;
    req.url = QUrl(QString::fromStdString(m_endpoint.url + "/models"));
    req.headers = headersFor(m_endpoint, false);
    req.stallMs = m_endpoint.probeTimeoutMs;
    QByteArray body;
    const HttpResult r = m_client->run(req, [&](const QByteArray& piece) {
        body += piece;
        return body.size() < (4 << 20);
    });
    if (r.outcome != HttpResult::Outcome::Finished || r.httpStatus != 200) {
        return Status::error("GET " + m_endpoint.url + "/models did not answer");
    }
    const auto listed = parseModelList(body);
    if (!listed) {
        return Status::error("GET " + m_endpoint.url + "/models listed no model");
    }
    if (m_endpoint.model.empty()) {
        m_model.name = listed->id;
    }
    if (listed->ownedBy == "llamacpp") {
        m_model.architecture = "llama-server";  // what runs it; the model's own architecture is not listed
        m_model.nParams = listed->nParams;
        m_model.nVocab = listed->nVocab;
    }
    return Status::ok();
}

Result<GenerationStats> OpenAiBackend::chat(std::span<const ChatMessage> conversation,
                                            const GenerateOptions& options, const TokenCallback& onToken) {
    HttpRequest req;
    req.method = "POST";
    req.url = QUrl(QString::fromStdString(chatUrl()));
    req.body = buildChatRequest(conversation, options, m_endpoint.model, m_includeUsage);
    req.headers = headersFor(m_endpoint, true);
    req.stallMs = m_endpoint.stallTimeoutMs;
    req.cancel = &m_cancel;
    m_cancel.store(false);

    const std::string& where = m_endpoint.url;
    SseParser parser;
    GenerationStats stats;
    std::optional<ServerTimings> timings;
    std::optional<ServerUsage> usage;
    std::string finish, malformed, serverError;
    bool sawDone = false, cancelled = false;
    int pieces = 0, events = 0;
    double firstMs = 0, lastMs = 0;
    QElapsedTimer clock;
    clock.start();

    const auto onData = [&](const QByteArray& bytes) {
        for (const SseEvent& ev : parser.feed(std::string_view(bytes.constData(), size_t(bytes.size())))) {
            ++events;
            if (ev.data == "[DONE]") {
                sawDone = true;
                continue;
            }
            auto chunk = parseChatChunk(ev.data);
            if (!chunk) {
                malformed = chunk.message();
                return false;
            }
            if (!chunk->error.empty()) {
                serverError = chunk->error;
                return false;
            }
            if (!chunk->content.empty()) {
                lastMs = double(clock.nsecsElapsed()) / 1e6;
                if (pieces == 0) {
                    firstMs = lastMs;
                }
                if (!onToken(chunk->content, pieces++)) {
                    cancelled = true;
                    return false;
                }
            }
            if (!chunk->finishReason.empty()) {
                finish = chunk->finishReason;
            }
            if (chunk->timings) {
                timings = chunk->timings;
            }
            if (chunk->usage) {
                usage = chunk->usage;
            }
        }
        if (parser.overflowed()) {
            malformed = "a line of more than 16 MiB";
            return false;
        }
        return !sawDone;  // the answer is complete: a server that keeps the stream open is not waited for
    };
    const HttpResult r = m_client->run(req, onData);

    stats.timeToFirstTokenMs = firstMs;
    stats.generatedTokens = pieces;
    if (pieces > 1 && lastMs > firstMs) {
        stats.decodeTokPerSec = (pieces - 1) * 1000.0 / (lastMs - firstMs);
    }
    applyServerStats(stats, timings, usage);
    const std::string after = pieces == 0 ? std::string()
                                          : " after " + std::to_string(pieces) +
                                                (pieces == 1 ? " piece" : " pieces") + " of the answer";

    switch (r.outcome) {
        case HttpResult::Outcome::Cancelled:
            if (cancelled || m_cancel.load()) {
                stats.stopReason = StopReason::Cancelled;
                return stats;
            }
            if (sawDone && malformed.empty() && serverError.empty()) {
                stats.stopReason = finish.empty() ? StopReason::EndOfText : mapFinishReason(finish);
                return stats;  // closed by us after [DONE]
            }
            if (!serverError.empty()) {
                return Status::error("the server at " + where + " failed mid-answer: " + serverError);
            }
            return Status::error("malformed stream from " + where + ": " + malformed + after);
        case HttpResult::Outcome::Stalled:
            if (!finish.empty()) {  // the answer had ended; only [DONE] or the end of the stream was missing
                stats.stopReason = mapFinishReason(finish);
                return stats;
            }
            return Status::error("stalled: the server at " + where + " sent nothing for " +
                                 seconds(m_endpoint.stallTimeoutMs) +
                                 (pieces > 0 ? after : std::string(" (no answer started)")));
        case HttpResult::Outcome::NetworkError: {
            const std::string why = describeNetworkError(r.networkError, r.networkErrorText).toStdString();
            if (r.httpStatus == 0 && r.bytesReceived == 0) {
                return Status::error("cannot reach the server at " + where + ": " + why);
            }
            return Status::error("the connection to " + where + " broke" + after + ": " + why);
        }
        case HttpResult::Outcome::Finished:
            break;
    }
    if (r.httpStatus == 400 && m_includeUsage && r.errorBody.contains("stream_options")) {
        m_includeUsage = false;  // a strict server: ask again without it (usage then comes from `timings`)
        return chat(conversation, options, onToken);
    }
    if (r.httpStatus < 200 || r.httpStatus >= 300) {
        std::string msg = serverErrorMessage(r.errorBody);
        if (msg.empty()) {
            msg = "no message";
        }
        std::string hint;
        if (r.httpStatus == 404) {
            hint = " (the endpoint should be the API base, e.g. http://HOST:PORT/v1)";
        } else if (r.httpStatus == 401 || r.httpStatus == 403) {
            hint = " (check the API key)";
        }
        return Status::error("the server at " + where + " answered HTTP " + std::to_string(r.httpStatus) +
                             ": " + msg + hint);
    }
    if (events == 0) {
        return Status::error("malformed stream from " + where +
                             ": no server-sent events in the answer (is it an OpenAI-compatible server?)");
    }
    if (finish.empty() && !sawDone) {
        return Status::error("malformed stream from " + where + ": it ended without a finish reason" + after);
    }
    stats.stopReason = finish.empty() ? StopReason::EndOfText : mapFinishReason(finish);
    return stats;
}

}  // namespace peregrine
