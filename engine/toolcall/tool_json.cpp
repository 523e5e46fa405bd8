#include "toolcall/tool_json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace peregrine {

namespace {

using Type = JsonValue::Type;

// sep: the item separator, colon: the key separator; indent > 0 breaks lines.
void write(const JsonValue& v, std::string& out, int indent, int depth, const char* sep, const char* colon) {
    const auto newline = [&](int level) {
        if (indent <= 0) return;
        out += '\n';
        out.append(static_cast<size_t>(indent * level), ' ');
    };
    switch (v.type) {
        case Type::Null:
            out += "null";
            return;
        case Type::Bool:
            out += v.boolean ? "true" : "false";
            return;
        case Type::Number:
            out += v.text;
            return;
        case Type::String:
            genie::appendJsonString(v.text, out);
            return;
        case Type::Array:
            out += '[';
            for (size_t i = 0; i < v.items.size(); ++i) {
                if (i) out += indent > 0 ? "," : sep;
                newline(depth + 1);
                write(v.items[i], out, indent, depth + 1, sep, colon);
            }
            if (!v.items.empty()) newline(depth);
            out += ']';
            return;
        case Type::Object:
            out += '{';
            for (size_t i = 0; i < v.members.size(); ++i) {
                if (i) out += indent > 0 ? "," : sep;
                newline(depth + 1);
                genie::appendJsonString(v.members[i].first, out);
                out += colon;
                write(v.members[i].second, out, indent, depth + 1, sep, colon);
            }
            if (!v.members.empty()) newline(depth);
            out += '}';
            return;
    }
}

// JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? (the reader accepts looser text).
bool isJsonNumber(const std::string& t, bool* integer) {
    size_t i = 0;
    const auto digits = [&] {
        const size_t from = i;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
        return i > from;
    };
    if (i < t.size() && t[i] == '-') ++i;
    if (i < t.size() && t[i] == '0') {
        ++i;
    } else if (!digits()) {
        return false;
    }
    *integer = true;
    if (i < t.size() && t[i] == '.') {
        ++i;
        if (!digits()) return false;
        *integer = false;
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
        if (!digits()) return false;
        *integer = false;
    }
    return i == t.size();
}

bool sameValue(const JsonValue& a, const JsonValue& b) {
    return compactJson(a) == compactJson(b);
}

bool hasType(const JsonValue& v, const std::string& type) {
    bool integer = false;
    if (type == "object") return v.type == Type::Object;
    if (type == "array") return v.type == Type::Array;
    if (type == "string") return v.type == Type::String;
    if (type == "boolean") return v.type == Type::Bool;
    if (type == "null") return v.type == Type::Null;
    if (type == "number") return v.type == Type::Number && isJsonNumber(v.text, &integer);
    if (type == "integer") return v.type == Type::Number && isJsonNumber(v.text, &integer) && integer;
    return true;  // an unknown type name constrains nothing
}

// UTF-8 code points in s (maxLength counts characters, not bytes).
size_t codePoints(const std::string& s) {
    size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

}  // namespace

std::string templateJson(const JsonValue& value, int indent) {
    std::string out;
    write(value, out, indent, 0, ", ", ": ");
    return out;
}

std::string compactJson(const JsonValue& value) {
    std::string out;
    write(value, out, 0, 0, ",", ":");
    return out;
}

Status checkAgainstSchema(const JsonValue& value, const JsonValue& schema, const std::string& path) {
    if (schema.type != Type::Object) return Status::ok();  // true / {} / unknown: anything goes
    const auto fail = [&](const std::string& what) { return Status::error(path + ": " + what); };
    if (const JsonValue* anyOf = schema.find("anyOf"); anyOf && anyOf->type == Type::Array) {
        std::string why;
        for (const JsonValue& option : anyOf->items) {
            const Status s = checkAgainstSchema(value, option, path);
            if (s) return Status::ok();
            if (why.empty()) why = s.message();
        }
        return Status::error(why.empty() ? path + ": matches no option" : why);
    }
    if (const JsonValue* type = schema.find("type")) {
        bool ok = false;
        std::string names;
        if (type->type == Type::String) {
            ok = hasType(value, type->text);
            names = type->text;
        } else if (type->type == Type::Array) {
            for (const JsonValue& t : type->items) {
                ok = ok || (t.type == Type::String && hasType(value, t.text));
                names += (names.empty() ? "" : " or ") + t.text;
            }
        } else {
            ok = true;
        }
        if (!ok) return fail("expected " + names);
    }
    if (const JsonValue* c = schema.find("const"); c && !sameValue(*c, value))
        return fail("expected " + compactJson(*c));
    if (const JsonValue* e = schema.find("enum"); e && e->type == Type::Array) {
        bool found = false;
        for (const JsonValue& option : e->items) found = found || sameValue(option, value);
        if (!found) return fail("not one of " + compactJson(*e));
    }
    if (value.type == Type::String) {
        if (const JsonValue* m = schema.find("maxLength"); m && codePoints(value.text) > size_t(m->integer()))
            return fail("longer than " + m->text + " characters");
    }
    if (value.type == Type::Number) {
        const double x = std::strtod(value.text.c_str(), nullptr);
        if (const JsonValue* m = schema.find("minimum"); m && x < std::strtod(m->text.c_str(), nullptr))
            return fail("below the minimum " + m->text);
        if (const JsonValue* m = schema.find("maximum"); m && x > std::strtod(m->text.c_str(), nullptr))
            return fail("above the maximum " + m->text);
    }
    if (value.type == Type::Array) {
        if (const JsonValue* m = schema.find("maxItems"); m && value.items.size() > size_t(m->integer()))
            return fail("more than " + m->text + " items");
        if (const JsonValue* items = schema.find("items")) {
            for (size_t i = 0; i < value.items.size(); ++i) {
                const Status s =
                    checkAgainstSchema(value.items[i], *items, path + "[" + std::to_string(i) + "]");
                if (!s) return s;
            }
        }
    }
    if (value.type == Type::Object) {
        const JsonValue* props = schema.find("properties");
        if (const JsonValue* req = schema.find("required"); req && req->type == Type::Array) {
            for (const JsonValue& name : req->items)
                if (name.type == Type::String && !value.find(name.text))
                    return fail("missing \"" + name.text + "\"");
        }
        if (props && props->type == Type::Object) {
            for (const auto& [key, member] : value.members) {
                const JsonValue* sub = props->find(key);
                if (!sub) return fail("unexpected property \"" + key + "\"");
                const Status s = checkAgainstSchema(member, *sub, path + "." + key);
                if (!s) return s;
            }
        }
    }
    return Status::ok();
}

}  // namespace peregrine
