// Byte-level recogniser of the JSON texts a JsonSchema accepts: a pushdown automaton whose state is a small
// set of configurations (one per anyOf alternative still alive), each a stack of frames (one per open
// object, array or leaf value). feed() advances by one byte or leaves the state unchanged and returns false.
//
// Output form it accepts (and therefore what constrained decoding produces): compact JSON with at most one
// whitespace byte (' ' or '\n') after ':' and ',' (and at the start of a value when startWithSpace), object
// members in the schema's order (optional ones may be skipped), integers and numbers without exponent with
// at most 15 digits before and 15 after the point, strings as valid UTF-8 with the standard escapes (no
// \u surrogates). Every accepted complete text parses as JSON and validates against the schema.
//
// Cost: a copy is a memcpy of the live frames (no allocation); feed() is O(frames + alternatives) except
// for enum matching (O(literals) at worst). Not thread-safe; copies are independent.
#pragma once

#include <cstdint>

#include "sampling/json_schema.h"

namespace peregrine {

class JsonMatcher {
public:
    static constexpr int kMaxFrames = 18;
    static constexpr int kMaxDigits = 15;  // digits of a number before and after the point
    // anyOf paths alive at once (a union of 32 tool calls fits); beyond that the later alternatives are
    // dropped (the output stays valid, those alternatives cannot be written).
    static constexpr int kMaxAlternatives = 32;

    // schema must outlive the matcher. The state starts before the first byte of one value.
    explicit JsonMatcher(const JsonSchema* schema, bool startWithSpace = false);
    JsonMatcher(const JsonMatcher& other) { copyFrom(other); }
    JsonMatcher& operator=(const JsonMatcher& other) {
        if (this != &other) copyFrom(other);
        return *this;
    }

    void restart(bool startWithSpace);
    bool feed(uint8_t byte);  // false: rejected, state unchanged
    bool canEnd() const;      // the bytes so far form a complete value
    bool finished() const;    // complete and no byte can follow
    bool dead() const { return m_count == 0; }

    struct Frame {
        int16_t node;
        uint8_t phase;
        uint8_t flag;
        uint16_t a;  // object: next property; array: items begun; string: characters; literal: first match
        uint16_t b;  // object: key byte position; string: UTF-8 bytes pending; literal: end of matches
        uint16_t c;  // object: chosen property; literal: byte position
        uint8_t lo, hi;  // string: range of the next UTF-8 continuation byte
        uint64_t mask;   // object: candidate keys
    };
    struct Config {
        uint8_t depth;
        uint8_t numLen;
        bool wsOk;
        char num[36];  // the number being read (only the top frame is ever a number)
        Frame frames[kMaxFrames];
    };

private:
    enum class Step { Rejected, Consumed };
    void copyFrom(const JsonMatcher& other);
    void expand(const Config& c, int node, Config* out, int& n) const;
    void step(const Config& in, uint8_t b, Config* out, int& n) const;
    bool leafAccepting(const Config& c) const;
    bool numberViable(const Config& c, const SchemaNode& s) const;
    bool numberInRange(const Config& c, const SchemaNode& s) const;

    const JsonSchema* m_schema = nullptr;
    int m_count = 0;
    Config m_configs[kMaxAlternatives];
};

}  // namespace peregrine
