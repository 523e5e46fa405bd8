// Tokenizer::fromGguf: reads the tokenizer.ggml.* metadata into VocabData (checking key types) and builds.
#include <algorithm>
#include <cstdint>

#include "gguf/gguf_file.h"
#include "tokenizer/vocab_data.h"

namespace peregrine {

namespace {

constexpr std::string_view kPrefix = "tokenizer.ggml.";

std::string keyName(std::string_view key) {
    return std::string(kPrefix) + std::string(key);
}

Status wrongType(const std::string& key, const GgufValue& v, const char* expected) {
    std::string got = ggufTypeName(v.type);
    if (v.type == GgufType::Array) got = std::string("array of ") + ggufTypeName(v.arrayType);
    return Status::error(key + " has type " + got + ", expected " + expected);
}

Status readString(const GgufFile& f, std::string_view key, std::string& out) {
    const std::string k = keyName(key);
    const GgufValue* v = f.find(k);
    if (!v) return Status::ok();
    auto s = f.getString(k);
    if (!s) return wrongType(k, *v, "string");
    out.assign(*s);
    return Status::ok();
}

Status readStrings(const GgufFile& f, std::string_view key, std::vector<std::string>& out) {
    const std::string k = keyName(key);
    const GgufValue* v = f.find(k);
    if (!v) return Status::ok();
    const std::vector<std::string_view>* arr = f.getStringArray(k);
    if (!arr) return wrongType(k, *v, "array of string");
    out.assign(arr->begin(), arr->end());
    return Status::ok();
}

Status readId(const GgufFile& f, std::string_view key, std::optional<int64_t>& out) {
    const std::string k = keyName(key);
    const GgufValue* v = f.find(k);
    if (!v) return Status::ok();
    if (auto i = f.getInt(k)) {
        out = *i;
    } else if (auto u = f.getUint(k)) {
        out = static_cast<int64_t>(std::min<uint64_t>(*u, INT64_MAX));  // too large: reported as out of range
    } else {
        return wrongType(k, *v, "an integer");
    }
    return Status::ok();
}

Status readBool(const GgufFile& f, std::string_view key, std::optional<bool>& out) {
    const std::string k = keyName(key);
    const GgufValue* v = f.find(k);
    if (!v) return Status::ok();
    auto b = f.getBool(k);
    if (!b) return wrongType(k, *v, "bool");
    out = *b;
    return Status::ok();
}

}  // namespace

Result<std::unique_ptr<Tokenizer>> Tokenizer::fromGguf(const GgufFile& file) {
    VocabData d;
    if (Status s = readString(file, "model", d.model); !s) return s;
    if (Status s = readString(file, "pre", d.pre); !s) return s;
    if (Status s = readStrings(file, "tokens", d.tokens); !s) return s;
    if (Status s = readStrings(file, "merges", d.merges); !s) return s;
    if (const GgufValue* v = file.find("tokenizer.ggml.scores")) {
        auto scores = file.getFloatArray("tokenizer.ggml.scores");
        if (!scores) return wrongType("tokenizer.ggml.scores", *v, "array of float32");
        d.scores = std::move(*scores);
    }
    if (const GgufValue* v = file.find("tokenizer.ggml.token_type")) {
        auto types = file.getInt32Array("tokenizer.ggml.token_type");
        if (!types) return wrongType("tokenizer.ggml.token_type", *v, "array of int32");
        d.types = std::move(*types);
    }
    if (Status s = readId(file, "bos_token_id", d.bos); !s) return s;
    if (Status s = readId(file, "eos_token_id", d.eos); !s) return s;
    if (Status s = readId(file, "eot_token_id", d.eot); !s) return s;
    if (Status s = readId(file, "eom_token_id", d.eom); !s) return s;
    if (Status s = readId(file, "unknown_token_id", d.unk); !s) return s;
    if (Status s = readBool(file, "add_bos_token", d.addBos); !s) return s;
    if (Status s = readBool(file, "add_space_prefix", d.addSpacePrefix); !s) return s;
    if (auto name = file.getString("general.name")) d.generalName.assign(*name);
    if (d.model.empty()) return Status::error("the file has no tokenizer (tokenizer.ggml.model is missing)");
    return fromVocab(std::move(d));
}

}  // namespace peregrine
