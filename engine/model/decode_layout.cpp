#include "model/decode_layout.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "gguf/gguf_file.h"
#include "kernels/vec_dot.h"
#include "quant/row_interleave.h"
#include "threads/thread_pool.h"

namespace peregrine {

namespace {
// Rows per rearranging work item: a few MiB of weights, so the pool's threads share even the output matrix.
constexpr int64_t kRowsPerJob = 256;
static_assert(kRowsPerJob % kInterleaveRows == 0, "jobs hold whole groups");
}  // namespace

int columnSlabs(int64_t cols) {
    if (cols <= kSlabCols || cols % kSlabCols != 0) return 1;
    return static_cast<int>(cols / kSlabCols);
}

void cutIntoSlabs(GgmlType type, uint8_t* data, int64_t rows, size_t rowBytes, int slabs,
                  std::vector<uint8_t>& scratch) {
    const size_t part = rowBytes / static_cast<size_t>(slabs);
    const auto n = static_cast<size_t>(rows);
    // Last slab first, with one slab of scratch (not a copy of the matrix: loading stays within the memory
    // estimate): while the front holds rows of k + 1 parts, copy out part k of every row, close the rows up
    // to k parts (each row moves down, never over a row not yet moved), and put part k after them.
    scratch.resize(n * part);
    for (int k = slabs - 1; k >= 1; --k) {
        const size_t width = static_cast<size_t>(k + 1) * part, kept = static_cast<size_t>(k) * part;
        for (size_t r = 0; r < n; ++r) std::memcpy(scratch.data() + r * part, data + r * width + kept, part);
        for (size_t r = 1; r < n; ++r) std::memmove(data + r * kept, data + r * width, kept);
        std::memcpy(data + n * kept, scratch.data(), n * part);
    }
    scratch.resize(part * kInterleaveRows);
    for (int s = 0; s < slabs; ++s)
        interleaveRowGroups(type, data + static_cast<size_t>(s) * n * part, part, 0, rows, scratch.data());
}

int useInterleavedRows(ModelWeights& weights, const GgufFile& file, ThreadPool& pool) {
    // A matrix qualifies only as a whole tensor: the parts of a fused tensor are views into it.
    std::unordered_map<const uint8_t*, int64_t> tensorRows;
    for (const GgufTensorInfo& t : file.tensors()) tensorRows.emplace(t.data, t.rows());
    std::vector<WeightMatrix*> chosen;
    const auto consider = [&](WeightMatrix& m) {
        if (!m || m.interleaved || !interleavedDecode(m.type) || m.rows % kInterleaveRows != 0) return;
        const auto it = tensorRows.find(m.data);
        if (it != tensorRows.end() && it->second == m.rows) chosen.push_back(&m);
    };
    for (TensorSet& set : weights.layers)
        for (WeightMatrix& m : set.matrices) consider(m);
    // The output projection; token_embd only when it is that (tied), since otherwise it is only looked up.
    WeightMatrix& output = weights.global.matrices[static_cast<int>(TensorRole::Output)];
    consider(output ? output : weights.global.matrices[static_cast<int>(TensorRole::TokenEmbd)]);
    if (chosen.empty()) return 0;

    // Each tensor once, even where two roles name it.
    std::vector<const WeightMatrix*> tensors;
    for (const WeightMatrix* m : chosen)
        if (std::none_of(tensors.begin(), tensors.end(),
                         [&](const WeightMatrix* t) { return t->data == m->data; }))
            tensors.push_back(m);
    struct Job {
        const WeightMatrix* m;
        int64_t r0, r1;
        int slabs;  // > 1: the whole matrix, cut into slabs
    };
    std::vector<Job> jobs;
    for (const WeightMatrix* m : tensors) {
        if (const int slabs = columnSlabs(m->cols); slabs > 1) {
            jobs.push_back({m, 0, m->rows, slabs});
            continue;
        }
        for (int64_t r = 0; r < m->rows; r += kRowsPerJob)
            jobs.push_back({m, r, std::min(m->rows, r + kRowsPerJob), 1});
    }

    const bool rearranged = file.rearrangeOnce([&] {
        pool.parallelFor(static_cast<int64_t>(jobs.size()), [&](int64_t j0, int64_t j1) {
            std::vector<uint8_t> scratch;
            for (int64_t j = j0; j < j1; ++j) {
                const Job& job = jobs[static_cast<size_t>(j)];
                const WeightMatrix& m = *job.m;
                if (job.slabs > 1) {  // the copy is writable while this runs (GgufFile::rearrangeOnce)
                    cutIntoSlabs(m.type, const_cast<uint8_t*>(m.data), m.rows, m.rowBytes, job.slabs,
                                 scratch);
                    continue;
                }
                scratch.resize(m.rowBytes * kInterleaveRows);
                // The copy is writable while this runs (GgufFile::rearrangeOnce).
                interleaveRowGroups(m.type, const_cast<uint8_t*>(m.data), m.rowBytes, job.r0, job.r1,
                                    scratch.data());
            }
        });
    });
    if (!rearranged) return 0;
    for (WeightMatrix* m : chosen) {
        m->interleaved = true;
        m->slabs = columnSlabs(m->cols);
    }
    return static_cast<int>(chosen.size());
}

}  // namespace peregrine
