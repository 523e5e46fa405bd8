// Internal to peregrine_gguf: decoding of one metadata value (scalar, string or array) at a cursor.
#pragma once

#include <cstdint>

#include "gguf/gguf_cursor.h"
#include "gguf/gguf_file.h"

namespace peregrine::gguf_detail {

// True for the 13 value type ids of the GGUF spec (0..12).
bool isValidGgufType(uint32_t type);
// Bytes of one element of a fixed-size value type; 0 for String, Array and invalid ids.
uint64_t ggufScalarSize(uint32_t type);

// Parses a value of raw type id `type` at the cursor into `out`. Checks every count and length against the
// remaining bytes and the 1 GiB caps before allocating; rejects nested arrays and BOOL bytes other than 0/1.
// Messages carry byte offsets but no key: the caller prefixes the key.
Status parseValue(ByteCursor& c, uint32_t type, GgufValue& out);

}  // namespace peregrine::gguf_detail
