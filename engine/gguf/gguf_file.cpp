// GgufFile: opening (mmap or caller memory) and the typed metadata / tensor accessors.
#include "gguf/gguf_file.h"

#include <cstring>
#include <limits>

namespace peregrine {

Result<std::unique_ptr<GgufFile>> GgufFile::open(const std::string& path, Residency residency) {
    uint64_t dataOffset = 0;
    if (residency == Residency::InMemory) {
        // The header from a mapping first (it touches only the header's pages), so that the copy can put the
        // tensor data on a cache line (MappedFile::open). A file that changes in between is caught below.
        // A file that maps but does not parse fails here, before gigabytes are read; one that cannot be
        // mapped is still read (the copy reports anything else that is wrong with it).
        auto header = open(path, Residency::Mapped);
        if (header)
            dataOffset = (*header)->dataOffset();
        else if (MappedFile::open(path).isOk())
            return header.status();
    }
    auto mapping = MappedFile::open(path, residency, dataOffset);
    if (!mapping) return mapping.status();
    std::unique_ptr<GgufFile> file(new GgufFile());
    file->m_path = path;
    file->m_mapping = std::move(mapping).value();
    file->m_data = file->m_mapping->data();
    file->m_size = file->m_mapping->size();
    if (Status s = file->parse(); !s) return Status::error("'" + path + "': " + s.message());
    if (Status s = file->checkIntact(); !s) return s;  // changed while the header was read
    return file;
}

Status GgufFile::checkIntact() const {
    if (!m_mapping) return Status::ok();
    const std::string what = m_mapping->damaged();
    if (what.empty()) return Status::ok();
    return Status::error("the model file '" + m_path + "' changed on disk: " + what);
}

bool GgufFile::rearrangeOnce(const std::function<void()>& fn) const {
    std::lock_guard<std::mutex> lock(m_rearrangeMutex);
    if (!m_rearranged && m_mapping) m_rearranged = m_mapping->whileWritable(fn);
    return m_rearranged;
}

Status GgufFile::checkNotReplaced() const {
    if (!m_mapping) return Status::ok();
    const std::string what = m_mapping->replaced();
    if (what.empty()) return Status::ok();
    return Status::error("the model file '" + m_path + "' changed on disk: " + what);
}

Result<std::unique_ptr<GgufFile>> GgufFile::fromMemory(const uint8_t* data, size_t size) {
    if (data == nullptr && size != 0) return Status::error("fromMemory: null buffer with a non-zero size");
    std::unique_ptr<GgufFile> file(new GgufFile());
    file->m_data = data;
    file->m_size = size;
    if (Status s = file->parse(); !s) return s;
    return file;
}

GgufFile::~GgufFile() = default;

const GgufValue* GgufFile::find(std::string_view key) const {
    const auto it = m_kvIndex.find(key);
    return it == m_kvIndex.end() ? nullptr : &m_kvs[it->second].value;
}

namespace {

bool isUnsignedType(GgufType t) {
    return t == GgufType::UInt8 || t == GgufType::UInt16 || t == GgufType::UInt32 || t == GgufType::UInt64;
}
bool isSignedType(GgufType t) {
    return t == GgufType::Int8 || t == GgufType::Int16 || t == GgufType::Int32 || t == GgufType::Int64;
}

}  // namespace

std::optional<uint64_t> GgufFile::getUint(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v) return std::nullopt;
    if (isUnsignedType(v->type)) return v->u;
    if (isSignedType(v->type) && v->i >= 0) return static_cast<uint64_t>(v->i);
    return std::nullopt;
}

std::optional<int64_t> GgufFile::getInt(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v) return std::nullopt;
    if (isSignedType(v->type)) return v->i;
    if (isUnsignedType(v->type) && v->u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return static_cast<int64_t>(v->u);
    }
    return std::nullopt;
}

std::optional<double> GgufFile::getFloat(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v || (v->type != GgufType::Float32 && v->type != GgufType::Float64)) return std::nullopt;
    return v->f;
}

std::optional<bool> GgufFile::getBool(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v || v->type != GgufType::Bool) return std::nullopt;
    return v->u != 0;
}

std::optional<std::string_view> GgufFile::getString(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v || v->type != GgufType::String) return std::nullopt;
    return v->str;
}

const std::vector<std::string_view>* GgufFile::getStringArray(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v || v->type != GgufType::Array || v->arrayType != GgufType::String) return nullptr;
    return &v->strings;
}

std::optional<std::vector<float>> GgufFile::getFloatArray(std::string_view key) const {
    const GgufValue* v = find(key);
    // Only Float32 elements: reading another element type with a 4-byte stride would run past the array.
    if (!v || v->type != GgufType::Array || v->arrayType != GgufType::Float32) return std::nullopt;
    std::vector<float> out(v->arrayCount);  // the reader checked count * 4 bytes against the file
    if (!out.empty()) std::memcpy(out.data(), v->arrayData, out.size() * sizeof(float));
    return out;
}

std::optional<std::vector<int32_t>> GgufFile::getInt32Array(std::string_view key) const {
    const GgufValue* v = find(key);
    if (!v || v->type != GgufType::Array) return std::nullopt;
    if (v->arrayType != GgufType::Int32 && v->arrayType != GgufType::UInt32) return std::nullopt;
    std::vector<int32_t> out(v->arrayCount);
    if (!out.empty()) std::memcpy(out.data(), v->arrayData, out.size() * sizeof(int32_t));
    if (v->arrayType == GgufType::UInt32) {
        for (int32_t x : out)
            if (x < 0) return std::nullopt;  // a UInt32 element above INT32_MAX does not fit
    }
    return out;
}

const GgufTensorInfo* GgufFile::tensor(std::string_view name) const {
    const auto it = m_tensorIndex.find(name);
    return it == m_tensorIndex.end() ? nullptr : &m_tensors[it->second];
}

}  // namespace peregrine
