#include "gguf/gguf_value.h"

#include <limits>

namespace peregrine {

const char* ggufTypeName(GgufType t) {
    switch (t) {
        case GgufType::UInt8:
            return "UINT8";
        case GgufType::Int8:
            return "INT8";
        case GgufType::UInt16:
            return "UINT16";
        case GgufType::Int16:
            return "INT16";
        case GgufType::UInt32:
            return "UINT32";
        case GgufType::Int32:
            return "INT32";
        case GgufType::Float32:
            return "FLOAT32";
        case GgufType::Bool:
            return "BOOL";
        case GgufType::String:
            return "STRING";
        case GgufType::Array:
            return "ARRAY";
        case GgufType::UInt64:
            return "UINT64";
        case GgufType::Int64:
            return "INT64";
        case GgufType::Float64:
            return "FLOAT64";
    }
    return "INVALID";
}

namespace gguf_detail {

namespace {

std::string at(uint64_t offset) {
    return " at byte offset " + std::to_string(offset);
}

// Decodes one fixed-size element (the cursor has at least ggufScalarSize(type) bytes).
Status decodeScalar(ByteCursor& c, GgufType type, GgufValue& out) {
    const uint64_t start = c.pos();
    auto setUnsigned = [&](uint64_t v) {
        out.u = v;
        if (v <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) out.i = static_cast<int64_t>(v);
    };
    auto setSigned = [&](int64_t v) {
        out.i = v;
        if (v >= 0) out.u = static_cast<uint64_t>(v);
    };
    switch (type) {
        case GgufType::UInt8:
            setUnsigned(c.take<uint8_t>());
            break;
        case GgufType::Int8:
            setSigned(c.take<int8_t>());
            break;
        case GgufType::UInt16:
            setUnsigned(c.take<uint16_t>());
            break;
        case GgufType::Int16:
            setSigned(c.take<int16_t>());
            break;
        case GgufType::UInt32:
            setUnsigned(c.take<uint32_t>());
            break;
        case GgufType::Int32:
            setSigned(c.take<int32_t>());
            break;
        case GgufType::UInt64:
            setUnsigned(c.take<uint64_t>());
            break;
        case GgufType::Int64:
            setSigned(c.take<int64_t>());
            break;
        case GgufType::Float32:
            out.f = c.take<float>();
            break;
        case GgufType::Float64:
            out.f = c.take<double>();
            break;
        case GgufType::Bool: {
            const uint8_t b = c.take<uint8_t>();
            if (b > 1) {
                return Status::error("BOOL value" + at(start) + " is " + std::to_string(b) +
                                     " (must be 0 or 1)");
            }
            setUnsigned(b);
            break;
        }
        default:
            return Status::error("internal: not a scalar type" + at(start));
    }
    return Status::ok();
}

Status parseArray(ByteCursor& c, GgufValue& out) {
    const uint64_t start = c.pos();
    uint32_t elemType = 0;
    PEREGRINE_GGUF_TRY(readScalar(c, elemType, "array element type"));
    if (elemType == static_cast<uint32_t>(GgufType::Array)) {
        return Status::error("nested arrays are not supported (array" + at(start) +
                             " has element type ARRAY)");
    }
    if (!isValidGgufType(elemType)) {
        return Status::error("array" + at(start) + " has invalid element type " + std::to_string(elemType));
    }
    uint64_t count = 0;
    PEREGRINE_GGUF_TRY(readScalar(c, count, "array element count"));
    out.arrayType = static_cast<GgufType>(elemType);
    out.arrayCount = count;
    const std::string typeName = ggufTypeName(out.arrayType);

    if (out.arrayType == GgufType::String) {
        // Each string needs at least its 8-byte length: bound the count before reserving.
        if (count > c.remaining() / 8) {
            return Status::error("truncated file: array" + at(start) + " claims " + std::to_string(count) +
                                 " strings but only " + std::to_string(c.remaining()) +
                                 " bytes remain (each string needs at least 8)");
        }
        if (count * 8 > kMaxArrayBytes) {
            return Status::error("array" + at(start) + " claims " + std::to_string(count) +
                                 " strings, over the 1 GiB array limit");
        }
        out.strings.reserve(count);
        const uint64_t payloadStart = c.pos();
        for (uint64_t k = 0; k < count; ++k) {
            std::string_view s;
            Status st = readString(c, s, "string array element");
            if (!st) {
                return Status::error(st.message() + " (element " + std::to_string(k) + " of " +
                                     std::to_string(count) + " in the array" + at(start) + ")");
            }
            if (c.pos() - payloadStart > kMaxArrayBytes) {
                return Status::error("array" + at(start) + " of " + std::to_string(count) +
                                     " strings exceeds the 1 GiB array limit at element " +
                                     std::to_string(k));
            }
            out.strings.push_back(s);
        }
        return Status::ok();
    }

    const uint64_t elemSize = ggufScalarSize(elemType);
    if (count > c.remaining() / elemSize) {
        return Status::error("truncated file: array" + at(start) + " claims " + std::to_string(count) + " " +
                             typeName + " elements (" + std::to_string(elemSize) + " bytes each) but only " +
                             std::to_string(c.remaining()) + " bytes remain before the end of the file at " +
                             std::to_string(c.size()));
    }
    if (count * elemSize > kMaxArrayBytes) {
        return Status::error("array" + at(start) + " claims " + std::to_string(count) + " " + typeName +
                             " elements, over the 1 GiB array limit");
    }
    out.arrayData = c.here();
    if (out.arrayType == GgufType::Bool) {
        for (uint64_t k = 0; k < count; ++k) {
            if (out.arrayData[k] > 1) {
                return Status::error("BOOL array element " + std::to_string(k) + at(c.pos() + k) + " is " +
                                     std::to_string(out.arrayData[k]) + " (must be 0 or 1)");
            }
        }
    }
    c.skip(count * elemSize);
    return Status::ok();
}

}  // namespace

bool isValidGgufType(uint32_t type) {
    return type <= static_cast<uint32_t>(GgufType::Float64);
}

uint64_t ggufScalarSize(uint32_t type) {
    switch (static_cast<GgufType>(type)) {
        case GgufType::UInt8:
        case GgufType::Int8:
        case GgufType::Bool:
            return 1;
        case GgufType::UInt16:
        case GgufType::Int16:
            return 2;
        case GgufType::UInt32:
        case GgufType::Int32:
        case GgufType::Float32:
            return 4;
        case GgufType::UInt64:
        case GgufType::Int64:
        case GgufType::Float64:
            return 8;
        default:
            return 0;
    }
}

Status parseValue(ByteCursor& c, uint32_t type, GgufValue& out) {
    if (!isValidGgufType(type)) {
        return Status::error("invalid value type " + std::to_string(type) + at(c.pos() - 4) +
                             " (valid types are 0..12)");
    }
    out.type = static_cast<GgufType>(type);
    if (out.type == GgufType::String) return readString(c, out.str, "string value");
    if (out.type == GgufType::Array) return parseArray(c, out);
    const uint64_t size = ggufScalarSize(type);
    if (!c.has(size)) return truncatedError(c, size, std::string(ggufTypeName(out.type)) + " value");
    return decodeScalar(c, out.type, out);
}

}  // namespace gguf_detail
}  // namespace peregrine
