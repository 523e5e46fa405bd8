// GgufWriter::setValue: writes back a value decoded by GgufFile, of any type.
#include "gguf/gguf_value.h"
#include "gguf/gguf_writer.h"

namespace peregrine {

Status GgufWriter::setValue(const std::string& key, const GgufValue& v) {
    switch (v.type) {
        case GgufType::UInt8:
            setUint8(key, static_cast<uint8_t>(v.u));
            break;
        case GgufType::Int8:
            setInt8(key, static_cast<int8_t>(v.i));
            break;
        case GgufType::UInt16:
            setUint16(key, static_cast<uint16_t>(v.u));
            break;
        case GgufType::Int16:
            setInt16(key, static_cast<int16_t>(v.i));
            break;
        case GgufType::UInt32:
            setUint32(key, static_cast<uint32_t>(v.u));
            break;
        case GgufType::Int32:
            setInt32(key, static_cast<int32_t>(v.i));
            break;
        case GgufType::UInt64:
            setUint64(key, v.u);
            break;
        case GgufType::Int64:
            setInt64(key, v.i);
            break;
        case GgufType::Float32:
            setFloat32(key, static_cast<float>(v.f));
            break;
        case GgufType::Float64:
            setFloat64(key, v.f);
            break;
        case GgufType::Bool:
            setBool(key, v.u != 0);
            break;
        case GgufType::String:
            setString(key, std::string(v.str));
            break;
        case GgufType::Array: {
            if (v.arrayType == GgufType::String) {
                if (v.strings.size() != v.arrayCount) {
                    return Status::error("setValue('" + key + "'): string array holds " +
                                         std::to_string(v.strings.size()) + " of " +
                                         std::to_string(v.arrayCount) + " strings");
                }
                setStringArray(key, std::vector<std::string>(v.strings.begin(), v.strings.end()));
                break;
            }
            const uint64_t elemSize = gguf_detail::ggufScalarSize(static_cast<uint32_t>(v.arrayType));
            if (elemSize == 0 || v.arrayCount > (uint64_t{1} << 30) / elemSize ||
                (v.arrayCount > 0 && v.arrayData == nullptr)) {
                return Status::error("setValue('" + key + "'): unsupported array of " +
                                     std::to_string(v.arrayCount) + " " + ggufTypeName(v.arrayType) +
                                     " elements");
            }
            const uint64_t n = v.arrayCount * elemSize;
            return setArray(key, v.arrayType, v.arrayCount,
                            std::vector<uint8_t>(v.arrayData, v.arrayData + n));
        }
        default:
            return Status::error("setValue('" + key + "'): invalid value type");
    }
    return Status::ok();
}

}  // namespace peregrine
