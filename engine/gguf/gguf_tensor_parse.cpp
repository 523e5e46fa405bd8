// GgufFile tensor infos and data layout: names, shapes, types, byte sizes, alignment, contiguity and extents.
#include <algorithm>

#include "gguf/gguf_cursor.h"
#include "gguf/gguf_file.h"

namespace peregrine {

using namespace gguf_detail;

namespace {

std::string shapeText(const GgufTensorInfo& t) {
    std::string s = "[";
    for (uint32_t d = 0; d < t.nDims; ++d) s += (d ? ", " : "") + std::to_string(t.ne[d]);
    return s + "]";
}

bool isRemovedType(uint32_t id) {
    return id == 4 || id == 5 || (id >= 31 && id <= 33) || (id >= 36 && id <= 38);
}

Status checkType(uint32_t id, const std::string& tensor, GgmlTypeTraits& traits) {
    if (auto t = ggmlTypeTraits(id); t && t->blockElems > 0 && t->blockBytes > 0) {
        traits = *t;
        return Status::ok();
    }
    if (static_cast<int32_t>(id) < 0) {
        return Status::error("tensor " + tensor + " has invalid type id " +
                             std::to_string(static_cast<int32_t>(id)));
    }
    if (isRemovedType(id)) {
        return Status::error(
            "tensor " + tensor + " has type id " + std::to_string(id) +
            ", a type that was removed from ggml; re-convert the model with a current llama.cpp");
    }
    return Status::error("tensor " + tensor + " has unknown type id " + std::to_string(id) +
                         " (not supported by this build)");
}

// Element count and byte size with overflow checks; nBytes is rows * row bytes.
Status computeSizes(GgufTensorInfo& t, const GgmlTypeTraits& traits, const std::string& tensor) {
    if (!shapeFitsInt64(t.ne, t.nDims)) {
        return Status::error("tensor " + tensor + " has too many elements: shape " + shapeText(t) +
                             " overflows a 64-bit count");
    }
    const int64_t elements = t.elements();
    if (t.ne[0] % traits.blockElems != 0) {
        return Status::error("tensor " + tensor + " of type " + traits.name +
                             " has ne[0] = " + std::to_string(t.ne[0]) +
                             ", not a multiple of the block size " + std::to_string(traits.blockElems));
    }
    uint64_t rowBytes = 0, nBytes = 0;
    const uint64_t blocks = static_cast<uint64_t>(t.ne[0]) / traits.blockElems;
    const uint64_t rows = static_cast<uint64_t>(elements == 0 ? 0 : elements / t.ne[0]);
    if (__builtin_mul_overflow(blocks, uint64_t{traits.blockBytes}, &rowBytes) ||
        __builtin_mul_overflow(rowBytes, rows, &nBytes) || nBytes > uint64_t{INT64_MAX}) {
        return Status::error("tensor " + tensor + " of type " + traits.name + " with shape " + shapeText(t) +
                             ": its byte size overflows");
    }
    t.nBytes = nBytes;
    return Status::ok();
}

}  // namespace

Status GgufFile::parseTensorInfos(uint64_t& pos, uint64_t nTensors) {
    ByteCursor c(m_data, m_size, pos);
    m_tensors.reserve(std::min<uint64_t>(nTensors, 1024));  // grows with what actually parses beyond that
    for (uint64_t k = 0; k < nTensors; ++k) {
        const uint64_t start = c.pos();
        const std::string where = "tensor #" + std::to_string(k);
        GgufTensorInfo t;
        PEREGRINE_GGUF_TRY(readString(c, t.name, "name of " + where));
        const std::string at = " (" + where + " at byte offset " + std::to_string(start) + ")";
        if (t.name.empty())
            return Status::error(where + " at byte offset " + std::to_string(start) + " has an empty name");
        const std::string tensor = "'" + printable(t.name) + "'";
        if (t.name.size() > kMaxTensorName) {
            return Status::error("tensor name " + tensor + at + " is " + std::to_string(t.name.size()) +
                                 " bytes; names must be shorter than 64 bytes");
        }
        if (auto it = m_tensorIndex.find(t.name); it != m_tensorIndex.end()) {
            return Status::error("duplicate tensor name " + tensor + at + "; first defined as tensor #" +
                                 std::to_string(it->second));
        }
        PEREGRINE_GGUF_TRY(readScalar(c, t.nDims, "n_dims of tensor " + tensor));
        if (t.nDims < 1 || t.nDims > kMaxDims) {
            return Status::error("tensor " + tensor + at + " has n_dims " + std::to_string(t.nDims) +
                                 " (must be 1..4)");
        }
        for (uint32_t d = 0; d < t.nDims; ++d) {
            PEREGRINE_GGUF_TRY(readScalar(c, t.ne[d], "shape of tensor " + tensor));
            if (t.ne[d] < 0) {
                return Status::error("tensor " + tensor + at + " has negative dimension ne[" +
                                     std::to_string(d) + "] = " + std::to_string(t.ne[d]));
            }
        }
        uint32_t typeId = 0;
        PEREGRINE_GGUF_TRY(readScalar(c, typeId, "type of tensor " + tensor));
        GgmlTypeTraits traits{};
        PEREGRINE_GGUF_TRY(checkType(typeId, tensor, traits));
        t.type = static_cast<GgmlType>(typeId);
        PEREGRINE_GGUF_TRY(readScalar(c, t.offset, "data offset of tensor " + tensor));
        PEREGRINE_GGUF_TRY(computeSizes(t, traits, tensor));
        m_tensorIndex.emplace(t.name, m_tensors.size());
        m_tensors.push_back(t);
    }
    pos = c.pos();
    return Status::ok();
}

Status GgufFile::layoutTensorData(uint64_t endOfInfos) {
    const uint64_t a = m_alignment;
    // endOfInfos <= m_size and a <= 1 MiB, so this cannot overflow. A file without tensors may end before the
    // padding (llama.cpp's vocab-only files do).
    m_dataOffset = (endOfInfos + a - 1) / a * a;
    uint64_t expected = 0;
    for (auto& t : m_tensors) {
        const std::string tensor = "'" + printable(t.name) + "'";
        if (t.offset % a != 0) {
            return Status::error("tensor " + tensor + " has data offset " + std::to_string(t.offset) +
                                 ", not a multiple of the alignment " + std::to_string(a));
        }
        if (t.offset != expected) {
            return Status::error("tensor " + tensor + " has data offset " + std::to_string(t.offset) +
                                 " but " + std::to_string(expected) + " was expected: it " +
                                 (t.offset < expected ? "overlaps the previous tensor" : "leaves a gap") +
                                 " (tensor data must be contiguous, in file order, each padded to " +
                                 std::to_string(a) + " bytes)");
        }
        uint64_t begin = 0, end = 0;
        const bool overflow = __builtin_add_overflow(m_dataOffset, t.offset, &begin) ||
                              __builtin_add_overflow(begin, t.nBytes, &end);
        if (overflow || end > m_size) {
            return Status::error(
                "truncated file: tensor " + tensor + " needs bytes " + std::to_string(begin) + ".." +
                (overflow ? std::string("(overflow)") : std::to_string(end)) + " but the file ends at " +
                std::to_string(m_size) + " (incomplete download?)");
        }
        t.data = m_data + begin;
        expected = t.offset + (t.nBytes + a - 1) / a * a;  // t.nBytes <= m_size: no overflow
    }
    return Status::ok();
}

}  // namespace peregrine
