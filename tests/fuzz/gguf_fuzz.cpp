// libFuzzer target for the GGUF reader: any input must give a clean error or a file whose every accessor
// stays inside the input. Accepted inputs are also rewritten with GgufWriter and re-read (the writer must
// accept what the reader accepts, and produce a file the reader accepts with the same contents).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "gguf/gguf_file.h"
#include "gguf/gguf_value.h"
#include "gguf/gguf_writer.h"

using namespace peregrine;

namespace {

volatile uint64_t g_sink;  // keeps the reads below from being optimised away

void check(bool ok) {
    if (!ok) std::abort();  // an invariant broke: libFuzzer reports it as a crash
}

uint64_t sumBytes(const uint8_t* p, uint64_t n) {
    uint64_t s = 0;
    for (uint64_t k = 0; k < n; ++k) s += p[k];
    return s;
}

// Reads every key and value through the public accessors.
void touchMetadata(const GgufFile& f, GgufWriter& w) {
    for (const GgufKv& kv : f.metadata()) {
        const std::string key(kv.key);
        check(f.find(kv.key) == &kv.value);
        const GgufValue& v = kv.value;
        g_sink = g_sink + f.getUint(kv.key).value_or(0) + uint64_t(f.getInt(kv.key).value_or(0)) +
                 uint64_t(f.getFloat(kv.key).value_or(0.0) != 0.0) + f.getBool(kv.key).value_or(false);
        if (auto s = f.getString(kv.key))
            g_sink = g_sink + sumBytes(reinterpret_cast<const uint8_t*>(s->data()), s->size());
        if (auto a = f.getFloatArray(kv.key)) g_sink = g_sink + a->size();
        if (auto a = f.getInt32Array(kv.key)) g_sink = g_sink + a->size();
        if (const auto* strs = f.getStringArray(kv.key)) {
            for (auto s : *strs)
                g_sink = g_sink + sumBytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
        }
        if (v.type == GgufType::Array && v.arrayType != GgufType::String) {
            check(v.arrayCount == 0 || v.arrayData != nullptr);
            g_sink = g_sink + sumBytes(v.arrayData, v.arrayCount * gguf_detail::ggufScalarSize(
                                                                       static_cast<uint32_t>(v.arrayType)));
        }
        if (v.type == GgufType::Array && v.arrayType == GgufType::String)
            check(v.strings.size() == v.arrayCount);
        check(w.setValue(key, v).isOk());
    }
    w.setAlignment(f.alignment());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto r = GgufFile::fromMemory(data, size);
    if (!r) {
        check(!r.message().empty());
        return 0;
    }
    const GgufFile& f = *r.value();
    check(f.alignment() != 0 && f.alignment() <= (1u << 20));
    GgufWriter w;
    touchMetadata(f, w);
    for (const GgufTensorInfo& t : f.tensors()) {
        check(f.tensor(t.name) == &t);
        check(t.data >= data && t.nBytes <= size && t.data - data <= static_cast<ptrdiff_t>(size - t.nBytes));
        check(t.elements() >= 0 && t.rows() >= 0);
        g_sink = g_sink + sumBytes(t.data, t.nBytes);
        check(w.addTensor(std::string(t.name), t.type, std::vector<int64_t>(t.ne, t.ne + t.nDims),
                          std::vector<uint8_t>(t.data, t.data + t.nBytes))
                  .isOk());
    }
    const std::vector<uint8_t> again = w.toBytes();
    auto r2 = GgufFile::fromMemory(again.data(), again.size());
    check(r2.isOk());
    const GgufFile& f2 = *r2.value();
    // An explicit general.alignment of 32 is not rewritten (32 is the default).
    const size_t dropped = f.find("general.alignment") && f.alignment() == 32 ? 1 : 0;
    check(f2.metadata().size() + dropped == f.metadata().size());
    check(f2.tensors().size() == f.tensors().size());
    for (size_t k = 0; k < f.tensors().size(); ++k) {
        const GgufTensorInfo& a = f.tensors()[k];
        const GgufTensorInfo& b = f2.tensors()[k];
        check(a.name == b.name && a.type == b.type && a.nBytes == b.nBytes);
        check(a.nBytes == 0 || std::memcmp(a.data, b.data, a.nBytes) == 0);
    }
    return 0;
}
