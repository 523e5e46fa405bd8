#include "json_validator.h"

#include <cmath>

namespace peregrine::testing {

namespace {

size_t codePoints(const std::string& s) {
    size_t n = 0;
    for (const char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::string typeError(const JsonValue& value, const std::string& type, const std::string& path) {
    using K = JsonValue::Kind;
    bool ok = false;
    if (type == "object")
        ok = value.kind == K::Object;
    else if (type == "array")
        ok = value.kind == K::Array;
    else if (type == "string")
        ok = value.kind == K::String;
    else if (type == "number")
        ok = value.kind == K::Number;
    else if (type == "integer")
        ok = value.kind == K::Number && value.number == std::floor(value.number);
    else if (type == "boolean")
        ok = value.kind == K::Bool;
    else if (type == "null")
        ok = value.kind == K::Null;
    return ok ? "" : path + ": not of type " + type;
}

}  // namespace

std::string validateJson(const JsonValue& schema, const JsonValue& value, const std::string& path) {
    if (const JsonValue* c = schema.find("const"))
        return jsonEqual(*c, value) ? "" : path + ": not the const " + writeCompactJson(*c);
    if (const JsonValue* e = schema.find("enum")) {
        for (const auto& item : e->items)
            if (jsonEqual(item, value)) return "";
        return path + ": not in the enum";
    }
    if (const JsonValue* any = schema.find("anyOf")) {
        for (const auto& option : any->items)
            if (validateJson(option, value, path).empty()) return "";
        return path + ": matches no anyOf option";
    }
    const JsonValue* t = schema.find("type");
    if (!t) return path + ": schema without type";
    if (std::string err = typeError(value, t->text, path); !err.empty()) return err;
    if (t->text == "object") {
        const JsonValue* props = schema.find("properties");
        for (const auto& [key, member] : value.members) {
            const JsonValue* sub = props ? props->find(key) : nullptr;
            if (!sub) return path + ": unexpected property " + key;
            if (std::string err = validateJson(*sub, member, path + "." + key); !err.empty()) return err;
        }
        if (const JsonValue* req = schema.find("required"))
            for (const auto& r : req->items)
                if (!value.find(r.text)) return path + ": missing " + r.text;
    } else if (t->text == "array") {
        if (const JsonValue* m = schema.find("maxItems"); m && value.items.size() > m->number)
            return path + ": too many items";
        if (const JsonValue* m = schema.find("minItems"); m && value.items.size() < m->number)
            return path + ": too few items";
        for (size_t i = 0; i < value.items.size(); ++i)
            if (std::string err =
                    validateJson(*schema.find("items"), value.items[i], path + "[" + std::to_string(i) + "]");
                !err.empty())
                return err;
    } else if (t->text == "string") {
        if (const JsonValue* m = schema.find("maxLength"); m && codePoints(value.text) > m->number)
            return path + ": too long";
        if (const JsonValue* m = schema.find("minLength"); m && codePoints(value.text) < m->number)
            return path + ": too short";
    } else if (t->text == "integer" || t->text == "number") {
        if (const JsonValue* m = schema.find("minimum"); m && value.number < m->number)
            return path + ": < minimum";
        if (const JsonValue* m = schema.find("maximum"); m && value.number > m->number)
            return path + ": > maximum";
    }
    return "";
}

std::string parseAndValidate(const std::string& schemaText, const std::string& text) {
    auto schema = parseJson(schemaText);
    if (!schema) return "schema: " + schema.message();
    auto value = parseJson(text);
    if (!value) return "output is not JSON (" + value.message() + "): " + text;
    std::string err = validateJson(*schema, *value);
    return err.empty() ? "" : err + " in " + text;
}

}  // namespace peregrine::testing
