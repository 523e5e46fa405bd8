#include "backends/deep_think_router.h"

#include <cctype>

#include "backends/api_key_file.h"

namespace peregrine {

namespace {

// Lower-case words of text with their byte offsets (letters, digits and apostrophes make a word).
struct Word {
    std::string text;
    size_t begin = 0, end = 0;
};

std::vector<Word> words(std::string_view text, size_t maxWords) {
    std::vector<Word> out;
    size_t i = 0;
    while (i < text.size() && out.size() < maxWords) {
        while (i < text.size() && !std::isalnum(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
        Word w;
        w.begin = i;
        while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '\'')) {
            w.text.push_back(char(std::tolower(static_cast<unsigned char>(text[i]))));
            ++i;
        }
        w.end = i;
        if (!w.text.empty()) {
            out.push_back(std::move(w));
        }
    }
    return out;
}

std::string trimmed(std::string_view s) {
    const auto isTrim = [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == ':' || c == '-' || c == '.' ||
               c == ';';
    };
    size_t b = 0, e = s.size();
    while (b < e && isTrim(s[b])) {
        ++b;
    }
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) {
        --e;
    }
    return std::string(s.substr(b, e - b));
}

}  // namespace

std::optional<std::string> parseDeepThinkRequest(std::string_view text) {
    static const std::vector<std::vector<std::string>> prefixes = {
        {"deep", "think"}, {"deep", "thinking"}, {"think", "harder"}, {"think", "hard"}, {"think", "deeply"}};
    const std::vector<Word> w = words(text, 6);
    size_t i = 0;
    if (i < w.size() && w[i].text == "hey") {
        ++i;
    }
    if (i < w.size() && w[i].text == "peregrine") {
        ++i;
    } else if (i > 0) {
        return std::nullopt;  // "hey deep think" is not an address to the assistant
    }
    for (const auto& p : prefixes) {
        if (i + p.size() > w.size()) {
            continue;
        }
        bool match = true;
        for (size_t k = 0; k < p.size(); ++k) {
            match = match && w[i + k].text == p[k];
        }
        if (!match) {
            continue;
        }
        size_t next = i + p.size();
        if (next < w.size() && (w[next].text == "about" || w[next].text == "on")) {
            ++next;
        }
        const size_t from = next < w.size() ? w[next].begin : text.size();
        // Keep the punctuation that ends the question; drop what separated it from the prefix.
        return trimmed(text.substr(std::min(from, text.size())));
    }
    return std::nullopt;
}

DeepThinkDecision DeepThinkRouter::route(std::string_view text, bool buttonPressed,
                                         const std::string& systemPrompt,
                                         std::span<const ChatMessage> history, bool includeHistory) const {
    DeepThinkDecision d;
    const std::optional<std::string> asked = parseDeepThinkRequest(text);
    d.question = asked ? *asked : trimmed(text);
    if (!asked && !buttonPressed) {
        d.question = std::string(text);
        return d;  // Local
    }
    d.route = DeepThinkDecision::Route::Unavailable;
    if (!m_config.enabled) {
        d.reason = "deep think is off (set deep_think.enabled: true and deep_think.endpoint)";
        return d;
    }
    if (m_config.endpoint.trimmed().isEmpty()) {
        d.reason = "deep think has no endpoint (deep_think.endpoint)";
        return d;
    }
    if (d.question.empty()) {
        d.reason = "say the question after \"deep think\"";
        return d;
    }
    d.endpoint.url = m_config.endpoint.trimmed().toStdString();
    d.endpoint.model = m_config.model.toStdString();
    if (!m_config.apiKeyFile.isEmpty()) {
        auto key = readApiKeyFile(m_config.apiKeyFile);
        if (!key) {
            d.reason = key.message();
            return d;
        }
        d.endpoint.apiKey = std::move(key.value());
    }
    d.endpoint.stallTimeoutMs = 60000;  // a larger model may think for a while before its first token
    if (!systemPrompt.empty()) {
        d.request.push_back({"system", systemPrompt});
    }
    if (includeHistory) {
        for (const ChatMessage& m : history) {
            if (m.role == "user" || m.role == "assistant") {
                d.request.push_back(m);
            }
        }
    }
    d.request.push_back({"user", d.question});
    d.route = DeepThinkDecision::Route::Remote;
    return d;
}

}  // namespace peregrine
