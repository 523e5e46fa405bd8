#include "sampling/json_schema.h"

#include <algorithm>
#include <cmath>

#include "sampling/json_value.h"

namespace peregrine {

namespace {

constexpr int kMaxNesting = 16;
constexpr int kMaxProperties = 64;   // the automaton tracks candidate keys in a 64-bit mask
constexpr double kMaxCount = 10000;  // lengths and item counts (the automaton counts in 16 bits)

class SchemaBuilder {
public:
    Result<JsonSchema> build(const JsonValue& root) {
        auto r = node(root, "", 0);
        if (!r) return r.status();
        m_schema.root = *r;
        return std::move(m_schema);
    }

private:
    static Status fail(const std::string& path, const std::string& what) {
        return Status::error(what + " at " + (path.empty() ? "/" : path));
    }

    int add(SchemaNode n) {
        m_schema.nodes.push_back(std::move(n));
        return static_cast<int>(m_schema.nodes.size()) - 1;
    }

    static Result<int> count(const JsonValue* v, const std::string& path, const char* key) {
        if (!v) return -1;
        if (!v->isNumber() || v->number < 0 || v->number != std::floor(v->number) || v->number > kMaxCount)
            return fail(path, std::string("'") + key + "' must be a whole number from 0 to 10000");
        return static_cast<int>(v->number);
    }

    static Result<std::optional<double>> bound(const JsonValue* v, const std::string& path, const char* key) {
        if (!v) return std::optional<double>();
        if (!v->isNumber()) return fail(path, std::string("'") + key + "' must be a number");
        return std::optional<double>(v->number);
    }

    Result<int> literals(const std::vector<JsonValue>& values, const std::string& type,
                         const std::string& path) {
        SchemaNode n;
        n.kind = SchemaNode::Kind::Literal;
        for (const auto& v : values) {
            if (!type.empty() && !matchesType(v, type))
                return fail(path, "an enum/const value " + writeCompactJson(v) + " is not of type " + type);
            n.literals.push_back(writeCompactJson(v));
        }
        if (n.literals.empty()) return fail(path, "'enum' is empty");
        std::sort(n.literals.begin(), n.literals.end());
        n.literals.erase(std::unique(n.literals.begin(), n.literals.end()), n.literals.end());
        if (n.literals.size() > 60000) return fail(path, "'enum' has more than 60000 values");
        return add(std::move(n));
    }

    static bool matchesType(const JsonValue& v, const std::string& type) {
        using K = JsonValue::Kind;
        if (type == "string") return v.kind == K::String;
        if (type == "number") return v.kind == K::Number;
        if (type == "integer") return v.kind == K::Number && v.number == std::floor(v.number);
        if (type == "boolean") return v.kind == K::Bool;
        if (type == "null") return v.kind == K::Null;
        if (type == "object") return v.kind == K::Object;
        if (type == "array") return v.kind == K::Array;
        return false;
    }

    Result<int> node(const JsonValue& s, const std::string& path, int depth) {
        if (depth > kMaxNesting) return fail(path, "schema nesting deeper than 16");
        if (!s.isObject()) return fail(path, "a schema must be a JSON object");
        static const char* const kKnown[] = {"type",     "properties",  "required",  "additionalProperties",
                                             "enum",     "const",       "minLength", "maxLength",
                                             "minimum",  "maximum",     "items",     "minItems",
                                             "maxItems", "anyOf",       "$schema",   "$id",
                                             "title",    "description", "default",   "examples"};
        for (const auto& [key, value] : s.members) {
            (void)value;
            if (std::find(std::begin(kKnown), std::end(kKnown), key) == std::end(kKnown))
                return fail(path, "unsupported keyword '" + key + "'");
        }
        std::string type;
        if (const JsonValue* t = s.find("type")) {
            if (!t->isString())
                return fail(path, "'type' must be one string (a list of types is not supported; use anyOf)");
            type = t->text;
            if (type.empty() || (type != "object" && type != "string" && type != "integer" &&
                                 type != "number" && type != "boolean" && type != "null" && type != "array"))
                return fail(path, "unsupported type '" + type + "'");
        }
        if (const JsonValue* c = s.find("const")) return literals({*c}, type, path);
        if (const JsonValue* e = s.find("enum")) {
            if (!e->isArray()) return fail(path, "'enum' must be an array");
            return literals(e->items, type, path);
        }
        if (const JsonValue* any = s.find("anyOf")) {
            if (!type.empty()) return fail(path, "'anyOf' together with 'type' is not supported");
            if (!any->isArray() || any->items.empty()) return fail(path, "'anyOf' must be a non-empty array");
            std::vector<int> options;
            for (size_t i = 0; i < any->items.size(); ++i) {
                auto r = node(any->items[i], path + "/anyOf/" + std::to_string(i), depth + 1);
                if (!r) return r.status();
                options.push_back(*r);
            }
            SchemaNode n;
            n.kind = SchemaNode::Kind::AnyOf;
            n.options = std::move(options);
            return add(std::move(n));
        }
        if (type.empty() && s.find("properties")) type = "object";
        if (type.empty() && s.find("items")) type = "array";
        if (type.empty()) return fail(path, "a schema needs 'type', 'enum', 'const' or 'anyOf'");
        if (type == "boolean")
            return literals({JsonValue{JsonValue::Kind::Bool, false}, JsonValue{JsonValue::Kind::Bool, true}},
                            "", path);
        if (type == "null") return literals({JsonValue{}}, "", path);
        if (type == "object") return object(s, path, depth);
        SchemaNode n;
        if (type == "string") {
            n.kind = SchemaNode::Kind::String;
            auto lo = count(s.find("minLength"), path, "minLength");
            auto hi = count(s.find("maxLength"), path, "maxLength");
            if (!lo) return lo.status();
            if (!hi) return hi.status();
            n.minLength = std::max(*lo, 0);
            n.maxLength = *hi;
            if (n.maxLength >= 0 && n.minLength > n.maxLength)
                return fail(path, "minLength is above maxLength");
        } else if (type == "integer" || type == "number") {
            n.kind = type == "integer" ? SchemaNode::Kind::Integer : SchemaNode::Kind::Number;
            auto lo = bound(s.find("minimum"), path, "minimum");
            auto hi = bound(s.find("maximum"), path, "maximum");
            if (!lo) return lo.status();
            if (!hi) return hi.status();
            n.minimum = *lo;
            n.maximum = *hi;
            if (n.minimum && n.maximum && *n.minimum > *n.maximum)
                return fail(path, "minimum is above maximum");
            if (n.kind == SchemaNode::Kind::Integer && n.minimum && n.maximum &&
                std::ceil(*n.minimum) > std::floor(*n.maximum))
                return fail(path, "no integer lies between minimum and maximum");
            for (const auto& b : {n.minimum, n.maximum})
                if (b && std::fabs(*b) >= 1e15) return fail(path, "bounds must lie within +-1e15");
        } else {  // array
            n.kind = SchemaNode::Kind::Array;
            const JsonValue* items = s.find("items");
            if (!items) return fail(path, "an array schema needs 'items'");
            auto lo = count(s.find("minItems"), path, "minItems");
            auto hi = count(s.find("maxItems"), path, "maxItems");
            if (!lo) return lo.status();
            if (!hi) return hi.status();
            n.minItems = std::max(*lo, 0);
            n.maxItems = *hi;
            if (n.maxItems >= 0 && n.minItems > n.maxItems) return fail(path, "minItems is above maxItems");
            auto item = node(*items, path + "/items", depth + 1);
            if (!item) return item.status();
            n.items = *item;
        }
        return add(std::move(n));
    }

    Result<int> object(const JsonValue& s, const std::string& path, int depth) {
        if (const JsonValue* extra = s.find("additionalProperties");
            extra && !(extra->kind == JsonValue::Kind::Bool && !extra->boolean))
            return fail(path, "'additionalProperties' may only be false");
        SchemaNode n;
        n.kind = SchemaNode::Kind::Object;
        if (const JsonValue* props = s.find("properties")) {
            if (!props->isObject()) return fail(path, "'properties' must be an object");
            if (props->members.size() > kMaxProperties) return fail(path, "more than 64 properties");
            for (const auto& [name, sub] : props->members) {
                for (const auto& p : n.properties)
                    if (p.name == name) return fail(path, "property '" + name + "' is listed twice");
                auto r = node(sub, path + "/properties/" + name, depth + 1);
                if (!r) return r.status();
                SchemaNode::Property p;
                p.name = name;
                appendJsonString(name, p.key);
                p.node = *r;
                n.properties.push_back(std::move(p));
            }
        }
        if (const JsonValue* req = s.find("required")) {
            if (!req->isArray()) return fail(path, "'required' must be an array of names");
            for (const auto& r : req->items) {
                auto it = std::find_if(n.properties.begin(), n.properties.end(),
                                       [&](const auto& p) { return r.isString() && p.name == r.text; });
                if (it == n.properties.end())
                    return fail(path, "required property " + writeCompactJson(r) + " is not in 'properties'");
                it->required = true;
            }
        }
        return add(std::move(n));
    }

    JsonSchema m_schema;
};

}  // namespace

Result<JsonSchema> parseJsonSchema(std::string_view text) {
    auto json = parseJson(text);
    if (!json) return Status::error("the JSON schema is not valid JSON: " + json.message());
    auto schema = SchemaBuilder().build(*json);
    if (!schema) return Status::error("JSON schema: " + schema.message());
    return schema;
}

}  // namespace peregrine
