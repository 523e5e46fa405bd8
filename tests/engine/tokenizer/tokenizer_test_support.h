// Test helpers: conformance-kit paths, llama.cpp .inp/.out vocab cases, and a tiny extraction of the golden
// JSON fields the tokenizer tests need (prompt, chat, tokens). Test-only; no Qt.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace peregrine::testing {

inline std::filesystem::path conformanceDir() {
    return PEREGRINE_CONFORMANCE_DIR;
}

inline std::optional<std::string> readFile(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    if (!f) return std::nullopt;
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Texts of a llama.cpp .inp file: each text is followed by "\n__ggml_vocab_test__\n".
inline std::vector<std::string> splitVocabInputs(const std::string& inp) {
    static const std::string sep = "\n__ggml_vocab_test__\n";
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        const size_t at = inp.find(sep, start);
        if (at == std::string::npos) break;
        out.push_back(inp.substr(start, at - start));
        start = at + sep.size();
    }
    return out;
}

// Lines of a .out file as id lists (each id preceded by a space; an empty line is an empty list).
inline std::vector<std::vector<int32_t>> parseVocabOutputs(const std::string& out) {
    std::vector<std::vector<int32_t>> cases;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
        std::vector<int32_t> ids;
        std::istringstream nums(line);
        long long v = 0;
        while (nums >> v) ids.push_back(static_cast<int32_t>(v));
        cases.push_back(std::move(ids));
    }
    return cases;
}

inline void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

struct GoldenCase {
    std::string prompt;
    bool chat = false;
    std::vector<int32_t> tokens;
};

// Decodes the JSON string starting at s[pos] == '"'; advances pos past it. Handles the escapes JSON allows.
inline std::string parseJsonString(const std::string& s, size_t& pos) {
    std::string out;
    ++pos;
    while (pos < s.size() && s[pos] != '"') {
        char c = s[pos++];
        if (c != '\\' || pos >= s.size()) {
            out += c;
            continue;
        }
        const char e = s[pos++];
        switch (e) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'u': {
                uint32_t cp = std::stoul(s.substr(pos, 4), nullptr, 16);
                pos += 4;
                if (cp >= 0xD800 && cp < 0xDC00 && s.compare(pos, 2, "\\u") == 0) {
                    const uint32_t lo = std::stoul(s.substr(pos + 2, 4), nullptr, 16);
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    pos += 6;
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                out += e;
                break;  // \" \\ \/
        }
    }
    ++pos;
    return out;
}

// The cases of a golden file: for each "prompt", the following "chat" flag and "tokens" array.
inline std::vector<GoldenCase> parseGoldenCases(const std::string& json) {
    std::vector<GoldenCase> cases;
    size_t pos = 0;
    while ((pos = json.find("\"prompt\"", pos)) != std::string::npos) {
        GoldenCase c;
        pos = json.find('"', json.find(':', pos));
        c.prompt = parseJsonString(json, pos);
        const size_t chatAt = json.find("\"chat\"", pos);
        c.chat = chatAt != std::string::npos &&
                 json.compare(json.find_first_not_of(" :", chatAt + 6), 4, "true") == 0;
        const size_t tokensAt = json.find("\"tokens\"", pos);
        if (tokensAt == std::string::npos) break;
        const size_t open = json.find('[', tokensAt);
        const size_t close = json.find(']', open);
        std::istringstream nums(json.substr(open + 1, close - open - 1));
        std::string item;
        while (std::getline(nums, item, ',')) c.tokens.push_back(static_cast<int32_t>(std::stol(item)));
        cases.push_back(std::move(c));
        pos = close;
    }
    return cases;
}

}  // namespace peregrine::testing
