#include "sampling/json_matcher.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace peregrine {

namespace {

// Frame phases.
enum : uint8_t {
    kStart = 0,
    // object
    kObjFirst,
    kObjNext,
    kObjComma,
    kObjKey,
    kObjColon,
    // array
    kArrFirst,
    kArrNext,
    // string
    kStrBody,
    kStrEscape,
    kStrHex,
    // number
    kNumMinus,
    kNumZero,
    kNumInt,
    kNumDot,
    kNumFrac,
    // literal
    kLitBody
};

bool isDigit(uint8_t b) {
    return b >= '0' && b <= '9';
}
bool isHex(uint8_t b) {
    return isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
}

// Keys the object may write next: from property `from` up to and including the first required one.
uint64_t keyCandidates(const SchemaNode& s, int from) {
    uint64_t mask = 0;
    for (int j = from; j < static_cast<int>(s.properties.size()); ++j) {
        mask |= uint64_t{1} << j;
        if (s.properties[static_cast<size_t>(j)].required) break;
    }
    return mask;
}

bool requiredFrom(const SchemaNode& s, int from) {
    for (size_t j = static_cast<size_t>(from); j < s.properties.size(); ++j)
        if (s.properties[j].required) return true;
    return false;
}

// Copies the live part of a configuration (the frames below depth are garbage and never read).
void copyConfig(JsonMatcher::Config& dst, const JsonMatcher::Config& src) {
    std::memcpy(&dst, &src, offsetof(JsonMatcher::Config, frames) + sizeof(JsonMatcher::Frame) * src.depth);
}

}  // namespace

JsonMatcher::JsonMatcher(const JsonSchema* schema, bool startWithSpace) : m_schema(schema) {
    restart(startWithSpace);
}

void JsonMatcher::copyFrom(const JsonMatcher& other) {
    m_schema = other.m_schema;
    m_count = other.m_count;
    for (int i = 0; i < m_count; ++i) {
        copyConfig(m_configs[i], other.m_configs[i]);
    }
}

void JsonMatcher::restart(bool startWithSpace) {
    Config c;
    c.depth = 0;
    c.numLen = 0;
    c.wsOk = startWithSpace;
    m_count = 0;
    expand(c, m_schema->root, m_configs, m_count);
}

// Pushes the frame(s) that read a value of `node` onto copies of c (one per anyOf alternative).
void JsonMatcher::expand(const Config& c, int node, Config* out, int& n) const {
    const SchemaNode& s = m_schema->nodes[static_cast<size_t>(node)];
    if (s.kind == SchemaNode::Kind::AnyOf) {
        for (int option : s.options) expand(c, option, out, n);
        return;
    }
    if (n >= kMaxAlternatives || c.depth >= kMaxFrames) return;
    Config& d = out[n++];
    copyConfig(d, c);
    Frame& f = d.frames[d.depth++];
    f = Frame{static_cast<int16_t>(node), kStart, 0, 0, 0, 0, 0x80, 0xBF, 0};
    if (s.kind == SchemaNode::Kind::Literal) {
        f.phase = kLitBody;
        f.b = static_cast<uint16_t>(s.literals.size());
    }
    d.numLen = 0;
}

bool JsonMatcher::feed(uint8_t byte) {
    // Fast path for the hottest case of a vocab walk: plain ASCII inside a string of a single path.
    if (m_count == 1 && byte >= 0x20 && byte < 0x80 && byte != '"' && byte != '\\') {
        Config& c = m_configs[0];
        if (!c.wsOk && c.depth > 0) {
            Frame& f = c.frames[c.depth - 1];
            if (f.phase == kStrBody && f.b == 0) {
                const int maxLength = m_schema->nodes[static_cast<size_t>(f.node)].maxLength;
                if (maxLength >= 0 && f.a >= maxLength) return false;
                ++f.a;
                return true;
            }
        }
    }
    Config next[kMaxAlternatives];
    int n = 0;
    for (int i = 0; i < m_count && n < kMaxAlternatives; ++i) step(m_configs[i], byte, next, n);
    if (n == 0) return false;
    m_count = 0;
    for (int i = 0; i < n; ++i) copyConfig(m_configs[i], next[i]);
    m_count = n;
    return true;
}

bool JsonMatcher::leafAccepting(const Config& c) const {
    const Frame& f = c.frames[c.depth - 1];
    const SchemaNode& s = m_schema->nodes[static_cast<size_t>(f.node)];
    if (s.kind == SchemaNode::Kind::Literal) return f.a < f.b && s.literals[f.a].size() == f.c;
    if (s.kind == SchemaNode::Kind::Integer || s.kind == SchemaNode::Kind::Number)
        return (f.phase == kNumZero || f.phase == kNumInt || f.phase == kNumFrac) && numberInRange(c, s);
    return false;
}

bool JsonMatcher::canEnd() const {
    for (int i = 0; i < m_count; ++i) {
        const Config& c = m_configs[i];
        if (c.depth == 0 || (c.depth == 1 && leafAccepting(c))) return true;
    }
    return false;
}

bool JsonMatcher::finished() const {
    for (int i = 0; i < m_count; ++i)
        if (m_configs[i].depth != 0) return false;
    return m_count > 0;
}

// Advances configuration c by byte b; the configurations it becomes are appended to out.
void JsonMatcher::step(const Config& in, uint8_t b, Config* out, int& n) const {
    Config c;
    copyConfig(c, in);
    if (c.wsOk && (b == ' ' || b == '\n')) {
        c.wsOk = false;
        if (n < kMaxAlternatives) copyConfig(out[n++], c);
        return;
    }
    c.wsOk = false;
    while (c.depth > 0) {
        Frame& f = c.frames[c.depth - 1];
        const SchemaNode& s = m_schema->nodes[static_cast<size_t>(f.node)];
        bool pop = false;  // the value ended before b: pop and give b to the parent
        switch (s.kind) {
            case SchemaNode::Kind::Object:
                switch (f.phase) {
                    case kStart:
                        if (b != '{') return;
                        f.phase = kObjFirst;
                        break;
                    case kObjFirst:
                    case kObjNext:
                    case kObjComma:
                        if (b == '}' && f.phase != kObjComma) {
                            if (requiredFrom(s, f.a)) return;
                            --c.depth;
                        } else if (b == ',' && f.phase == kObjNext) {
                            if (keyCandidates(s, f.a) == 0) return;
                            f.phase = kObjComma;
                            c.wsOk = true;
                        } else if (b == '"' && f.phase != kObjNext) {
                            f.mask = keyCandidates(s, f.a);
                            if (f.mask == 0) return;
                            f.phase = kObjKey;
                            f.b = 1;
                        } else {
                            return;
                        }
                        break;
                    case kObjKey: {
                        uint64_t mask = 0;
                        int done = -1;
                        for (uint64_t m = f.mask; m; m &= m - 1) {
                            const int j = __builtin_ctzll(m);
                            const std::string& key = s.properties[static_cast<size_t>(j)].key;
                            if (key.size() > f.b && static_cast<uint8_t>(key[f.b]) == b) {
                                mask |= uint64_t{1} << j;
                                if (key.size() == f.b + 1u) done = j;
                            }
                        }
                        if (mask == 0) return;
                        f.mask = mask;
                        ++f.b;
                        if (done >= 0) {
                            f.c = static_cast<uint16_t>(done);
                            f.phase = kObjColon;
                        }
                        break;
                    }
                    case kObjColon: {
                        if (b != ':') return;
                        f.a = static_cast<uint16_t>(f.c + 1);
                        f.phase = kObjNext;
                        c.wsOk = true;
                        expand(c, s.properties[f.c].node, out, n);
                        return;
                    }
                    default:
                        return;
                }
                break;
            case SchemaNode::Kind::Array:
                if (f.phase == kStart) {
                    if (b != '[') return;
                    f.phase = kArrFirst;
                    break;
                }
                if (b == ']' && f.a >= s.minItems) {
                    --c.depth;
                    break;
                }
                if (f.phase == kArrFirst) {
                    if (s.maxItems == 0) return;
                    f.a = 1;
                    f.phase = kArrNext;
                    Config started[kMaxAlternatives];
                    int k = 0;
                    expand(c, s.items, started, k);
                    for (int i = 0; i < k; ++i) step(started[i], b, out, n);
                    return;
                }
                if (b != ',' || (s.maxItems >= 0 && f.a >= s.maxItems)) return;
                ++f.a;
                c.wsOk = true;
                expand(c, s.items, out, n);
                return;
            case SchemaNode::Kind::String:
                switch (f.phase) {
                    case kStart:
                        if (b != '"') return;
                        f.phase = kStrBody;
                        break;
                    case kStrBody:
                        if (f.b > 0) {  // inside a multi-byte character
                            if (b < f.lo || b > f.hi) return;
                            --f.b;
                            f.lo = 0x80;
                            f.hi = 0xBF;
                            break;
                        }
                        if (b == '"') {
                            if (f.a < s.minLength) return;
                            --c.depth;
                            break;
                        }
                        if (b < 0x20 || (s.maxLength >= 0 && f.a >= s.maxLength)) return;
                        if (b >= 0x80) {
                            if (b >= 0xC2 && b <= 0xDF)
                                f.b = 1;
                            else if (b >= 0xE0 && b <= 0xEF)
                                f.b = 2;
                            else if (b >= 0xF0 && b <= 0xF4)
                                f.b = 3;
                            else
                                return;
                            if (b == 0xE0) f.lo = 0xA0;
                            if (b == 0xED) f.hi = 0x9F;
                            if (b == 0xF0) f.lo = 0x90;
                            if (b == 0xF4) f.hi = 0x8F;
                        } else if (b == '\\') {
                            f.phase = kStrEscape;
                        }
                        ++f.a;
                        break;
                    case kStrEscape:
                        if (b == 'u') {
                            f.phase = kStrHex;
                            f.flag = 0;
                        } else if (b == '"' || b == '\\' || b == '/' || b == 'b' || b == 'f' || b == 'n' ||
                                   b == 'r' || b == 't') {
                            f.phase = kStrBody;
                        } else {
                            return;
                        }
                        break;
                    case kStrHex: {
                        if (!isHex(b)) return;
                        const int index = f.flag & 7;
                        if (index == 0 && (b == 'd' || b == 'D')) f.flag |= 8;
                        if (index == 1 && (f.flag & 8) && !(b >= '0' && b <= '7')) return;  // no surrogates
                        f.flag = static_cast<uint8_t>((f.flag & 8) | (index + 1));
                        if (index == 3) f.phase = kStrBody;
                        break;
                    }
                    default:
                        return;
                }
                break;
            case SchemaNode::Kind::Integer:
            case SchemaNode::Kind::Number: {
                const bool number = s.kind == SchemaNode::Kind::Number;
                const int intDigits = c.numLen - (c.numLen > 0 && c.num[0] == '-' ? 1 : 0);
                uint8_t phase = 0xFF;
                switch (f.phase) {
                    case kStart:
                        if (b == '-')
                            phase = kNumMinus;
                        else if (b == '0')
                            phase = kNumZero;
                        else if (isDigit(b))
                            phase = kNumInt;
                        break;
                    case kNumMinus:
                        if (b == '0')
                            phase = kNumZero;
                        else if (isDigit(b))
                            phase = kNumInt;
                        break;
                    case kNumZero:
                        if (b == '.' && number) phase = kNumDot;
                        break;
                    case kNumInt:
                        if (isDigit(b) && intDigits < kMaxDigits)
                            phase = kNumInt;
                        else if (b == '.' && number)
                            phase = kNumDot;
                        break;
                    case kNumDot:
                        if (isDigit(b)) phase = kNumFrac;
                        break;
                    case kNumFrac: {
                        const char* dot = static_cast<const char*>(std::memchr(c.num, '.', c.numLen));
                        if (isDigit(b) && dot && c.num + c.numLen - dot - 1 < kMaxDigits) phase = kNumFrac;
                        break;
                    }
                    default:
                        break;
                }
                if (phase != 0xFF) {
                    Config t;
                    copyConfig(t, c);
                    t.num[t.numLen++] = static_cast<char>(b);
                    if (numberViable(t, s)) {
                        t.frames[t.depth - 1].phase = phase;
                        if (n < kMaxAlternatives) copyConfig(out[n++], t);
                        return;
                    }
                }
                if (!leafAccepting(c)) return;
                pop = true;
                break;
            }
            case SchemaNode::Kind::Literal: {
                size_t lo = f.a, hi = f.b;
                const size_t pos = f.c;
                size_t first = hi, last = hi;
                for (size_t i = lo; i < hi; ++i) {
                    const std::string& lit = s.literals[i];
                    if (lit.size() > pos && static_cast<uint8_t>(lit[pos]) == b) {
                        if (first == hi) first = i;
                        last = i + 1;
                    }
                }
                if (first == hi) {
                    if (!leafAccepting(c)) return;
                    pop = true;
                    break;
                }
                f.a = static_cast<uint16_t>(first);
                f.b = static_cast<uint16_t>(last);
                f.c = static_cast<uint16_t>(pos + 1);
                if (last - first == 1 && s.literals[first].size() == pos + 1) --c.depth;
                break;
            }
            case SchemaNode::Kind::AnyOf:
                return;  // never on the stack
        }
        if (!pop) {
            if (n < kMaxAlternatives) copyConfig(out[n++], c);
            return;
        }
        --c.depth;  // the leaf value ended before b
    }
}

}  // namespace peregrine
