#include "model/transformer.h"

#include <algorithm>
#include <cmath>

#include "gguf/gguf_file.h"
#include "kernels/attention_kernels.h"
#include "kernels/ffn_kernels.h"
#include "model/decode_layout.h"
#include "quant/quant.h"
#include "threads/thread_pool.h"

namespace peregrine {

namespace {
using R = TensorRole;

size_t sz(int64_t a, int64_t b) {
    return static_cast<size_t>(a) * static_cast<size_t>(b);
}
}  // namespace

Result<std::unique_ptr<Transformer>> Transformer::create(const GgufFile& file, const ModelInfo& info,
                                                         int contextLength, ThreadPool& pool) {
    const ArchSpec* arch = findArch(info.architecture);
    if (!arch) return Status::error("unsupported architecture '" + info.architecture + "'");
    if (contextLength < 1) return Status::error("context length must be at least 1 token");
    auto weights = bindWeights(file, *arch, info);
    if (!weights) return weights.status();
    const int interleaved = useInterleavedRows(weights.value(), file, pool);
    std::unique_ptr<Transformer> model(
        new Transformer(*arch, info, std::move(weights).value(), contextLength, pool));
    model->m_interleaved = interleaved;
    return model;
}

int Transformer::slabbedMatrices() const {
    int n = 0;
    const auto count = [&](const TensorSet& set) {
        for (const WeightMatrix& m : set.matrices) n += m.interleaved && m.slabs > 1 ? 1 : 0;
    };
    for (const TensorSet& set : m_weights.layers) count(set);
    count(m_weights.global);
    return n;
}

Transformer::Transformer(const ArchSpec& arch, const ModelInfo& info, ModelWeights weights, int contextLength,
                         ThreadPool& pool)
    : m_info(info),
      m_weights(std::move(weights)),
      m_pool(pool),
      m_cache(info.nLayer, contextLength, info.kvDim()),
      m_matmul(kPrefillBatch, std::max({info.nEmbd, info.qDim(), info.nFf})),
      m_arch(arch) {
    m_rope.type = info.ropeType;
    m_rope.nRot = info.ropeDim;
    m_rope.freqBase = info.ropeFreqBase;
    m_rope.freqScale = info.ropeScalingType == "linear" ? 1.0f / info.ropeScalingFactor : 1.0f;
    m_rope.freqFactors = m_weights.global.vOrNull(R::RopeFreqs);
    if (info.hasRopeFactors) {
        // LongRoPE: the long factors when this context exceeds the original one (llama.cpp's choice per
        // context).
        const int orig = info.ropeOrigContext > 0 ? info.ropeOrigContext : info.contextLength;
        m_rope.freqFactors =
            m_weights.global.vOrNull(contextLength > orig ? R::RopeFactorsLong : R::RopeFactorsShort);
    }
    m_rope.attnFactor = info.ropeAttnFactor;
    m_ropeSwa = m_rope;
    m_ropeSwa.freqBase = info.ropeFreqBaseSwa;
    m_ropeSwa.freqScale = 1.0f;
    m_shape = {info.nHead, info.nHeadKv, info.headDim};
    m_shape.scale = info.attentionScale;
    if (arch.scaleQueryFirst) m_shape.scale = 1.0f;  // the queries carry the scale

    const int64_t b = kPrefillBatch;
    m_x.resize(sz(b, info.nEmbd));
    m_xn.resize(sz(b, info.nEmbd));
    m_q.resize(sz(b, info.qDim()));
    m_k.resize(sz(b, info.kvDim()));
    m_v.resize(sz(b, info.kvDim()));
    m_att.resize(sz(b, info.qDim()));
    m_proj.resize(sz(b, info.nEmbd));
    m_gate.resize(sz(b, info.nFf));
    m_up.resize(sz(b, info.nFf));
    m_rot.resize(sz(b, std::max(info.ropeDim, 2)));
    if (info.slidingWindow > 0) m_rotSwa.resize(m_rot.size());
    ensureScores();
}

void Transformer::dropPositions(int begin, int end) {
    const int size = m_cache.size();
    begin = std::clamp(begin, 0, size);
    end = std::clamp(end, begin, size);
    const int distance = end - begin;
    if (distance == 0) return;
    const int64_t kvDim = m_info.kvDim();
    // Rotating by -distance turns a key rotated for position p into one rotated for p - distance (the angle
    // is linear in the position); the attention factor is already in the stored key.
    auto deltaAngles = [&](RopeParams p) {
        p.attnFactor = 1.0f;
        std::vector<float> cs(static_cast<size_t>(std::max(m_info.ropeDim, 2)));
        ropeAngles(p, -static_cast<int64_t>(distance), cs.data());
        return std::make_pair(p, cs);
    };
    const auto global = deltaAngles(m_rope);
    const auto window = deltaAngles(m_ropeSwa);
    const int moved = size - end;
    if (moved > 0 && m_info.ropeDim > 0) {
        const int64_t jobs = static_cast<int64_t>(m_info.nLayer) * moved;
        m_pool.parallelFor(
            jobs,
            [&](int64_t b, int64_t e) {
                std::vector<float> row(static_cast<size_t>(kvDim));
                for (int64_t j = b; j < e; ++j) {
                    const int layer = static_cast<int>(j / moved);
                    const int pos = end + static_cast<int>(j % moved);
                    const auto& [rope, cs] = m_info.isSwaLayer(layer) ? window : global;
                    uint16_t* k = m_cache.k(layer, pos);
                    for (int64_t i = 0; i < kvDim; ++i) row[static_cast<size_t>(i)] = fp16ToFloat(k[i]);
                    applyRope(rope, cs.data(), row.data(), m_info.nHeadKv, m_info.headDim);
                    floatRowToHalf(row.data(), k, kvDim);
                }
            },
            64);
    }
    m_cache.erase(begin, end);
}

void Transformer::ensureScores() {
    const size_t need = static_cast<size_t>(m_pool.size()) *
                        static_cast<size_t>(attentionScratchFloats(m_shape, m_cache.capacity()));
    if (m_scores.size() < need) m_scores.resize(need);  // only after the pool grew (setThreads)
}

Status Transformer::forward(std::span<const int32_t> tokens, float* logits, bool allLogits) {
    const int n = static_cast<int>(tokens.size());
    if (n == 0) return Status::error("no tokens to evaluate");
    const int pos0 = m_cache.size();
    if (pos0 + n > m_cache.capacity())
        return Status::error("the context is full (" + std::to_string(m_cache.capacity()) + " tokens)");
    for (int32_t t : tokens)
        if (t < 0 || t >= m_info.nVocab)
            return Status::error("token id " + std::to_string(t) + " is outside the vocabulary (" +
                                 std::to_string(m_info.nVocab) + " tokens)");
    ensureScores();
    for (int start = 0; start < n; start += kPrefillBatch) {
        const int batch = std::min(kPrefillBatch, n - start);
        const bool last = start + batch == n;
        float* out = nullptr;
        if (allLogits)
            out = logits + sz(start, m_info.nVocab);
        else if (last)
            out = logits;
        forwardBatch(tokens.data() + start, batch, pos0 + start, out, allLogits);
        m_cache.append(tokens.subspan(static_cast<size_t>(start), static_cast<size_t>(batch)));
    }
    return Status::ok();
}

void Transformer::forwardBatch(const int32_t* tokens, int batch, int pos0, float* logits, bool allLogits) {
    const int64_t embd = m_info.nEmbd;
    const WeightMatrix& emb = m_weights.global.m(R::TokenEmbd);
    if (emb.interleaved) {  // tied to the output projection, in its decode layout
        m_embRow.resize(emb.rowBytes);
        for (int b = 0; b < batch; ++b) {
            emb.copyRows(tokens[b], tokens[b] + 1, m_embRow.data());
            dequantizeRow(emb.type, m_embRow.data(), m_x.data() + b * embd, embd);
        }
    } else {
        for (int b = 0; b < batch; ++b)
            dequantizeRow(emb.type, emb.row(tokens[b]), m_x.data() + b * embd, embd);
    }
    if (m_arch.scaleEmbeddings) {
        const float scale = std::sqrt(static_cast<float>(embd));
        for (int64_t i = 0; i < batch * embd; ++i) m_x[static_cast<size_t>(i)] *= scale;
    }
    for (int b = 0; b < batch; ++b) ropeAngles(m_rope, pos0 + b, m_rot.data() + sz(b, m_info.ropeDim));
    if (!m_rotSwa.empty())
        for (int b = 0; b < batch; ++b)
            ropeAngles(m_ropeSwa, pos0 + b, m_rotSwa.data() + sz(b, m_info.ropeDim));

    for (int layer = 0; layer < m_info.nLayer; ++layer) {
        attentionBlock(layer, batch, pos0);
        ffnBlock(layer, batch);
    }
    if (!logits) return;

    // Output: every row for allLogits, else only the last one.
    const int first = allLogits ? 0 : batch - 1;
    const int rows = batch - first;
    const float* norm = m_weights.global.v(R::OutputNorm).data();
    for (int b = first; b < batch; ++b)
        rmsNorm(m_x.data() + b * embd, norm, m_xn.data() + b * embd, embd, m_info.rmsEps);
    m_matmul.invalidate();
    m_matmul.run(m_pool, m_weights.output(), m_xn.data() + first * embd, rows, embd, logits, m_info.nVocab);
    addBias(logits, m_weights.global.vOrNull(R::OutputBias), rows, m_info.nVocab, m_info.nVocab);
    if (m_info.finalLogitSoftcap > 0.0f) softCap(logits, sz(rows, m_info.nVocab), m_info.finalLogitSoftcap);
}

// Rows of n floats normalised in place by w (absent: nothing to do).
void Transformer::normRows(float* x, const float* w, int rows, int64_t n) {
    if (!w) return;
    for (int r = 0; r < rows; ++r) rmsNorm(x + r * n, w, x + r * n, n, m_info.rmsEps);
}

void Transformer::addBias(float* y, const float* bias, int batch, int64_t n, int64_t ld) {
    if (!bias) return;
    for (int b = 0; b < batch; ++b) addInPlace(y + b * ld, bias, n);
}

void Transformer::attentionBlock(int layer, int batch, int pos0) {
    const TensorSet& w = m_weights.layers[static_cast<size_t>(layer)];
    const int64_t embd = m_info.nEmbd;
    const int64_t qDim = m_info.qDim();
    const int64_t kvDim = m_info.kvDim();

    const float* norm = w.v(R::AttnNorm).data();
    for (int b = 0; b < batch; ++b)
        rmsNorm(m_x.data() + b * embd, norm, m_xn.data() + b * embd, embd, m_info.rmsEps);
    m_matmul.invalidate();
    const MatMul::Product qkv[] = {{&w.m(R::AttnQ), m_q.data(), qDim},
                                   {&w.m(R::AttnK), m_k.data(), kvDim},
                                   {&w.m(R::AttnV), m_v.data(), kvDim}};
    m_matmul.runSet(m_pool, qkv, m_xn.data(), batch, embd);
    addBias(m_q.data(), w.vOrNull(R::AttnQBias), batch, qDim, qDim);
    addBias(m_k.data(), w.vOrNull(R::AttnKBias), batch, kvDim, kvDim);
    addBias(m_v.data(), w.vOrNull(R::AttnVBias), batch, kvDim, kvDim);

    // Per-head Q/K norms (qwen3, gemma3): every head of every row, before RoPE.
    normRows(m_q.data(), w.vOrNull(R::AttnQNorm), batch * m_info.nHead, m_info.headDim);
    normRows(m_k.data(), w.vOrNull(R::AttnKNorm), batch * m_info.nHeadKv, m_info.headDim);

    const bool swa = m_info.isSwaLayer(layer);
    const RopeParams& rope = swa ? m_ropeSwa : m_rope;
    const float queryScale = m_info.attentionScale > 0.0f
                                 ? m_info.attentionScale
                                 : 1.0f / std::sqrt(static_cast<float>(m_info.headDim));
    for (int b = 0; b < batch; ++b) {
        const float* rot = (swa ? m_rotSwa : m_rot).data() + sz(b, m_info.ropeDim);
        applyRope(rope, rot, m_q.data() + b * qDim, m_info.nHead, m_info.headDim);
        applyRope(rope, rot, m_k.data() + b * kvDim, m_info.nHeadKv, m_info.headDim);
        if (m_arch.scaleQueryFirst)
            for (int64_t i = 0; i < qDim; ++i) m_q[static_cast<size_t>(b * qDim + i)] *= queryScale;
        floatRowToHalf(m_k.data() + b * kvDim, m_cache.k(layer, pos0 + b), kvDim);
        floatRowToHalf(m_v.data() + b * kvDim, m_cache.v(layer, pos0 + b), kvDim);
    }
    AttentionShape shape = m_shape;
    if (swa) shape.window = m_info.slidingWindow;
    attention(m_pool, shape, m_cache, layer, m_q.data(), batch, pos0, m_att.data(), m_scores.data());

    m_matmul.invalidate();
    m_matmul.run(m_pool, w.m(R::AttnOut), m_att.data(), batch, qDim, m_proj.data(), embd);
    addBias(m_proj.data(), w.vOrNull(R::AttnOutBias), batch, embd, embd);
    normRows(m_proj.data(), w.vOrNull(R::AttnPostNorm), batch, embd);
    addInPlace(m_x.data(), m_proj.data(), batch * embd);
}

void Transformer::ffnBlock(int layer, int batch) {
    const TensorSet& w = m_weights.layers[static_cast<size_t>(layer)];
    const int64_t embd = m_info.nEmbd;
    const int64_t ff = m_info.nFf;
    const float* norm = w.v(R::FfnNorm).data();
    for (int b = 0; b < batch; ++b)
        rmsNorm(m_x.data() + b * embd, norm, m_xn.data() + b * embd, embd, m_info.rmsEps);
    m_matmul.invalidate();
    const MatMul::Product gateUp[] = {{&w.m(R::FfnGate), m_gate.data(), ff},
                                      {&w.m(R::FfnUp), m_up.data(), ff}};
    m_matmul.runSet(m_pool, gateUp, m_xn.data(), batch, embd);
    if (m_arch.ffnActivation == FfnActivation::GeluTanh)
        geluMul(m_gate.data(), m_up.data(), batch * ff);
    else  // one row (decode) runs inline on the calling thread: parallelFor does not wake the pool for it
        m_pool.parallelFor(batch, [&](int64_t b0, int64_t b1) {
            siluMul(m_gate.data() + b0 * ff, m_up.data() + b0 * ff, (b1 - b0) * ff);
        });
    m_matmul.invalidate();
    m_matmul.run(m_pool, w.m(R::FfnDown), m_gate.data(), batch, ff, m_proj.data(), embd);
    normRows(m_proj.data(), w.vOrNull(R::FfnPostNorm), batch, embd);
    addInPlace(m_x.data(), m_proj.data(), batch * embd);
}

}  // namespace peregrine
