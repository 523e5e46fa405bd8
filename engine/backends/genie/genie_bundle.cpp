#include "backends/genie/genie_bundle.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "backends/genie/genie_json.h"

namespace peregrine::genie {

namespace fs = std::filesystem;

namespace {

constexpr const char* kConfigName = "genie_config.json";

// The first `limit` bytes of `file` (a config is small; a tokenizer.json is scanned for markers only).
Result<std::string> readText(const fs::path& file, size_t limit) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    std::ifstream in(file, std::ios::binary);
    if (ec || !in) return Status::error("cannot read " + file.string());
    std::string text;
    text.resize(std::min<size_t>(limit, static_cast<size_t>(size)));
    in.read(text.data(), static_cast<std::streamsize>(limit));
    text.resize(static_cast<size_t>(in.gcount()));
    return text;
}

// Placeholders of Qualcomm's ChatApp config templates, replaced by the bundle's own files.
std::string substitutePlaceholders(std::string s, const fs::path& dir) {
    const std::pair<const char*, fs::path> placeholders[] = {
        {"<models_path>", dir},
        {"<tokenizer_path>", dir / "tokenizer.json"},
        {"<htp_backend_ext_path>", dir / "htp_backend_ext_config.json"},
    };
    for (const auto& [token, value] : placeholders)
        for (size_t at; (at = s.find(token)) != std::string::npos;)
            s.replace(at, std::string_view(token).size(), value.string());
    return s;
}

// Keys whose string values (or arrays of strings) are files of the bundle.
bool isPathKey(const std::string& key) {
    return key == "path" || key == "extensions" || key == "ctx-bins" || key == "model-bin" ||
           key == "draft-ctx-bins";
}

Status absolutize(JsonValue& value, const fs::path& dir, const std::string& where) {
    if (value.type == JsonValue::Type::String) {
        value.text = substitutePlaceholders(value.text, dir);
        return Status::ok();
    }
    if (value.type == JsonValue::Type::Array) {
        for (JsonValue& item : value.items)
            if (Status s = absolutize(item, dir, where); !s) return s;
        return Status::ok();
    }
    if (value.type != JsonValue::Type::Object) return Status::ok();
    for (auto& [key, member] : value.members) {
        const std::string at = where.empty() ? key : where + "." + key;
        if (Status s = absolutize(member, dir, at); !s) return s;
        if (!isPathKey(key)) continue;
        std::vector<JsonValue*> files;
        if (member.isString()) files.push_back(&member);
        for (JsonValue& item : member.items)
            if (item.isString()) files.push_back(&item);
        for (JsonValue* file : files) {
            if (file->text.empty()) continue;
            fs::path p(file->text);
            if (p.is_relative()) p = dir / p;
            std::error_code ec;
            if (!fs::is_regular_file(p, ec))
                return Status::error(std::string(kConfigName) + " names " + at + " '" + file->text +
                                     "', which is not a file in " + dir.string());
            file->text = p.lexically_normal().string();
        }
    }
    return Status::ok();
}

// The bundle's chat template family: the chat_template of tokenizer_config.json when present (GenieX and
// Hugging Face exports carry it), else the special tokens tokenizer.json defines (their markers are the
// ones detectChatFamily looks for), else Llama 3 by its BOS id, else ChatML.
void detectFamily(GenieBundle& b, const JsonValue& config) {
    const fs::path dir(b.dir);
    if (auto text = readText(dir / "tokenizer_config.json", 8u << 20)) {
        if (auto tc = parseJson(*text)) {
            if (const JsonValue* t = tc->find("chat_template"); t && t->isString()) {
                b.family = detectChatFamily(t->text);
                b.familySource = "tokenizer_config.json chat_template";
                return;
            }
        }
    }
    if (auto text = readText(dir / "tokenizer.json", 64u << 20)) {
        const ChatFamily f = detectChatFamily(*text);
        const bool marked = text->find("<|im_start|>") != std::string::npos ||
                            text->find("<|start_header_id|>") != std::string::npos ||
                            text->find("[INST]") != std::string::npos ||
                            text->find("<start_of_turn>") != std::string::npos ||
                            text->find("<|end|>") != std::string::npos;
        if (marked) {
            b.family = f;
            b.familySource = "tokenizer.json special tokens";
            return;
        }
    }
    const JsonValue* context = config.find("dialog") ? config.find("dialog")->find("context") : nullptr;
    if (context && context->find("bos-token") && context->find("bos-token")->integer() == 128000) {
        b.family = ChatFamily::Llama3;
        b.familySource = "context.bos-token 128000 (Llama 3)";
        return;
    }
    b.family = ChatFamily::ChatML;
    b.familySource = "default (no template found)";
}

}  // namespace

bool isGenieBundlePath(const std::string& path) {
    std::error_code ec;
    const fs::path p(path);
    if (fs::is_directory(p, ec)) return fs::is_regular_file(p / kConfigName, ec);
    return p.filename() == kConfigName;
}

Result<GenieBundle> readGenieBundle(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::absolute(fs::path(path), ec).lexically_normal();
    if (!p.has_filename()) p = p.parent_path();  // "dir/" normalizes to an empty filename
    const fs::path dir = fs::is_directory(p, ec) ? p : p.parent_path();
    const fs::path config = fs::is_directory(p, ec) ? p / kConfigName : p;
    if (!fs::is_regular_file(config, ec))
        return Status::error("no " + std::string(kConfigName) + " in " + dir.string() +
                             ": not a Genie bundle");
    auto text = readText(config, 4u << 20);
    if (!text) return text.status();
    auto root = parseJson(*text);
    if (!root) return Status::error(config.string() + ": " + root.message());
    GenieBundle b;
    b.dir = dir.string();
    b.configPath = config.string();
    b.name = dir.filename().string();
    if (Status s = absolutize(*root, dir, ""); !s) return s;
    b.configJson = writeJson(*root);
    if (const JsonValue* dialog = root->find("dialog")) {
        if (const JsonValue* context = dialog->find("context")) {
            if (const JsonValue* size = context->find("size"))
                b.contextSize = static_cast<int>(size->integer());
            if (const JsonValue* n = context->find("n-vocab")) b.nVocab = static_cast<int>(n->integer());
        }
    }
    detectFamily(b, *root);
    switch (b.family) {
        case ChatFamily::Llama3:
            b.bos = "<|begin_of_text|>";
            break;
        case ChatFamily::Llama2:
        case ChatFamily::Mistral:
            b.bos = "<s>";
            break;
        case ChatFamily::Gemma:
            b.bos = "<bos>";
            break;
        default:
            b.bos.clear();
    }
    return b;
}

}  // namespace peregrine::genie
