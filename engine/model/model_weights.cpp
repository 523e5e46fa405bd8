#include "model/model_weights.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "gguf/gguf_file.h"
#include "model/model_info.h"
#include "quant/quant.h"
#include "quant/row_interleave.h"

namespace peregrine {

namespace {

std::string tensorName(const TensorSpec& spec, int layer) {
    if (!isLayerRole(spec.role)) return spec.name;
    char buf[128];
    std::snprintf(buf, sizeof buf, spec.name, layer);
    return buf;
}

Status bindOne(const GgufFile& file, const TensorSpec& spec, const ModelInfo& info, int layer,
               TensorSet& set) {
    const std::string name = tensorName(spec, layer);
    const GgufTensorInfo* t = file.tensor(name);
    if (!t) {
        if (spec.need == Need::Required) return Status::error("model file has no tensor '" + name + "'");
        return Status::ok();
    }
    const int role = static_cast<int>(spec.role);
    if (spec.matmul || spec.role == TensorRole::TokenEmbd) {
        WeightMatrix w;
        w.data = t->data;
        w.type = t->type;
        w.cols = t->ne[0];
        w.rows = t->rows();
        w.rowBytes = ggmlRowBytes(t->type, t->ne[0]);
        if (w.rowBytes == 0 || w.rowBytes * static_cast<uint64_t>(w.rows) > t->nBytes)
            return Status::error("tensor '" + name + "' holds fewer bytes than its shape needs");
        if (!spec.split) {
            set.matrices[role] = w;
            return Status::ok();
        }
        // Fused: consecutive row ranges become views under their own roles.
        int64_t row = 0;
        for (int i = 0; i < spec.split->count; ++i) {
            const RowSplitPart& part = spec.split->parts[i];
            WeightMatrix view = w;
            view.rows = resolveDim(info, part.rows);
            view.data = w.row(row);
            row += view.rows;
            if (row > w.rows) return Status::error("tensor '" + name + "' has fewer rows than its parts");
            set.matrices[static_cast<int>(part.role)] = view;
        }
        return Status::ok();
    }
    std::vector<float> values(static_cast<size_t>(t->elements()));
    if (ggmlRowBytes(t->type, t->elements()) > t->nBytes)
        return Status::error("tensor '" + name + "' holds fewer bytes than its shape needs");
    dequantizeRow(t->type, t->data, values.data(), t->elements());
    for (const float v : values)
        if (!std::isfinite(v))
            return Status::error("tensor '" + name + "' holds NaN or infinite values (a corrupt file)");
    set.vectors[role] = std::move(values);
    return Status::ok();
}

}  // namespace

void WeightMatrix::copyRows(int64_t r0, int64_t r1, uint8_t* dst) const {
    if (!interleaved) {
        std::memcpy(dst, row(r0), static_cast<size_t>(r1 - r0) * rowBytes);
        return;
    }
    if (slabs == 1) {
        copyInterleavedRows(type, data, rowBytes, r0, r1, dst);
        return;
    }
    // Each slab's part of the rows, then into place column by column (rows x slabRowBytes at a time).
    const size_t part = slabRowBytes();
    std::vector<uint8_t> rowsOfSlab(static_cast<size_t>(r1 - r0) * part);
    for (int s = 0; s < slabs; ++s) {
        copyInterleavedRows(type, slab(s), part, r0, r1, rowsOfSlab.data());
        for (int64_t r = r0; r < r1; ++r)
            std::memcpy(dst + static_cast<size_t>(r - r0) * rowBytes + static_cast<size_t>(s) * part,
                        rowsOfSlab.data() + static_cast<size_t>(r - r0) * part, part);
    }
}

const WeightMatrix& ModelWeights::output() const {
    const WeightMatrix& out = global.m(TensorRole::Output);
    return out ? out : global.m(TensorRole::TokenEmbd);
}

Result<ModelWeights> bindWeights(const GgufFile& file, const ArchSpec& arch, const ModelInfo& info) {
    ModelWeights w;
    w.layers.resize(static_cast<size_t>(info.nLayer));
    for (const auto& spec : arch.tensors) {
        if (!isLayerRole(spec.role)) {
            if (Status s = bindOne(file, spec, info, 0, w.global); !s) return s;
            continue;
        }
        for (int layer = 0; layer < info.nLayer; ++layer)
            if (Status s = bindOne(file, spec, info, layer, w.layers[static_cast<size_t>(layer)]); !s)
                return s;
    }
    return w;
}

}  // namespace peregrine
