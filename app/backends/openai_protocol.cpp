#include "backends/openai_protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

namespace peregrine {

namespace {

// peregrine_app_backends links below peregrine_app (app/logging): the same category name, defined here.
Q_LOGGING_CATEGORY(lcServerProtocol, "peregrine.inference")

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

ServerTimings readTimings(const QJsonObject& t) {
    ServerTimings out;
    out.promptN = t.value("prompt_n").toInt();
    out.cacheN = t.value("cache_n").toInt();
    out.promptMs = t.value("prompt_ms").toDouble();
    out.promptPerSecond = t.value("prompt_per_second").toDouble();
    out.predictedN = t.value("predicted_n").toInt();
    out.predictedMs = t.value("predicted_ms").toDouble();
    out.predictedPerSecond = t.value("predicted_per_second").toDouble();
    return out;
}

std::string errorText(const QJsonValue& e) {
    if (e.isString()) {
        return e.toString().toStdString();
    }
    const QJsonObject o = e.toObject();
    std::string msg = o.value("message").toString().toStdString();
    if (msg.empty()) {
        msg = QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
    }
    return msg;
}

}  // namespace

QByteArray buildChatRequest(std::span<const ChatMessage> conversation, const GenerateOptions& options,
                            const std::string& model, bool includeUsage) {
    QJsonArray messages;
    for (const ChatMessage& m : conversation) {
        messages.append(QJsonObject{{"role", qs(m.role)}, {"content", qs(m.content)}});
    }
    const SamplingOptions& s = options.sampling;
    QJsonObject body{{"messages", messages},
                     {"stream", true},
                     {"max_tokens", options.maxTokens},
                     {"temperature", s.temperature > 0 ? double(s.temperature) : 0.0},
                     {"top_p", s.topP < 1 ? double(s.topP) : 1.0}};
    if (includeUsage) {
        body.insert("stream_options", QJsonObject{{"include_usage", true}});
    }
    if (s.topK > 0) {
        body.insert("top_k", s.topK);
    }
    if (s.minP > 0) {
        body.insert("min_p", double(s.minP));
    }
    if (s.repeatPenalty != 1.0f) {
        body.insert("repeat_penalty", double(s.repeatPenalty));
    }
    if (s.seed != 0) {
        body.insert("seed", qint64(s.seed & 0x7fffffffffffffffull));
    }
    if (!model.empty()) {
        body.insert("model", qs(model));
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

Result<ChatChunk> parseChatChunk(std::string_view data) {
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(data.data(), qsizetype(data.size())), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        const std::string head(data.substr(0, 80));
        return Status::error("not a JSON object (" +
                             (err.error != QJsonParseError::NoError ? err.errorString().toStdString()
                                                                    : std::string("other JSON")) +
                             "): \"" + head + "\"");
    }
    const QJsonObject o = doc.object();
    ChatChunk chunk;
    if (o.contains("error")) {
        chunk.error = errorText(o.value("error"));
        return chunk;
    }
    const QJsonValue choices = o.value("choices");
    if (!choices.isArray()) {
        return Status::error("a chunk without \"choices\"");
    }
    if (!choices.toArray().isEmpty()) {  // the usage-only chunk of include_usage has an empty array
        const QJsonObject c = choices.toArray().first().toObject();
        const QJsonValue content = c.value("delta").toObject().value("content");
        if (content.isString()) {
            chunk.content = content.toString().toStdString();
        }
        if (c.value("finish_reason").isString()) {
            chunk.finishReason = c.value("finish_reason").toString().toStdString();
        }
    }
    if (o.value("timings").isObject()) {
        chunk.timings = readTimings(o.value("timings").toObject());
    }
    if (o.value("usage").isObject()) {
        const QJsonObject u = o.value("usage").toObject();
        chunk.usage = ServerUsage{u.value("prompt_tokens").toInt(), u.value("completion_tokens").toInt(),
                                  u.value("prompt_tokens_details").toObject().value("cached_tokens").toInt()};
    }
    return chunk;
}

std::string serverErrorMessage(const QByteArray& body) {
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        if (o.contains("error")) {
            return errorText(o.value("error"));
        }
        if (o.value("message").isString()) {
            return o.value("message").toString().toStdString();
        }
    }
    std::string text = body.trimmed().left(300).toStdString();
    return text;
}

std::optional<ServerModel> parseModelList(const QByteArray& body) {
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    for (const auto& [list, key] : {std::pair{"data", "id"}, std::pair{"models", "name"}}) {
        const QJsonArray a = o.value(list).toArray();
        if (a.isEmpty()) {
            continue;
        }
        const QJsonObject m = a.first().toObject();
        ServerModel out;
        out.id = m.value(key).toString().toStdString();
        if (out.id.empty()) {
            continue;
        }
        out.ownedBy = m.value("owned_by").toString().toStdString();
        const QJsonObject meta = m.value("meta").toObject();
        out.nParams = uint64_t(meta.value("n_params").toDouble());
        out.nVocab = meta.value("n_vocab").toInt();
        out.nCtxTrain = meta.value("n_ctx_train").toInt();
        return out;
    }
    return std::nullopt;
}

StopReason mapFinishReason(std::string_view finishReason) {
    if (finishReason == "stop") {
        return StopReason::EndOfText;
    }
    if (finishReason == "length") {
        return StopReason::Length;
    }
    if (finishReason == "content_filter") {
        return StopReason::ContentFilter;
    }
    qCWarning(lcServerProtocol).noquote()
        << "the server ended the answer with an unknown finish_reason:"
        << QString::fromUtf8(finishReason.data(), qsizetype(finishReason.size()));
    return StopReason::Unknown;
}

void applyServerStats(GenerationStats& stats, const std::optional<ServerTimings>& timings,
                      const std::optional<ServerUsage>& usage) {
    if (usage) {
        stats.promptTokens = usage->promptTokens;
        stats.generatedTokens = usage->completionTokens;
        stats.reusedTokens = usage->cachedTokens;
    }
    if (timings) {
        if (!usage || usage->promptTokens == 0) {
            stats.promptTokens = timings->promptN + timings->cacheN;
        }
        stats.reusedTokens = timings->cacheN;
        if (timings->predictedN > 0) {
            stats.generatedTokens = timings->predictedN;
        }
        stats.promptMs = timings->promptMs;
        stats.promptTokPerSec = timings->promptPerSecond;
        if (timings->predictedPerSecond > 0) {
            stats.decodeTokPerSec = timings->predictedPerSecond;
        }
    }
}

}  // namespace peregrine
