#include "audio/echo_aligner.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "audio/pcm.h"

namespace peregrine::audio {

namespace {
constexpr int kWindowDec = 2000;       // 0.5 s at 4 kHz: the correlation window
constexpr int kEstimateFrames = 25;    // re-estimate every 250 ms while playing
constexpr double kMinPeak = 0.3;       // normalised correlation needed to trust a peak
constexpr double kJumpPeak = 0.5;      // ... and to move an established delay (double talk makes weak peaks)
constexpr int64_t kAgreeSamples = 48;  // 3 ms: an estimate this close to the delay agrees with it
constexpr int64_t kConfirmSamples = 160;    // 10 ms: two estimates of a jump this close confirm it
constexpr int kLoudRender = 300;            // |sample| above this (-40 dBFS) counts as played sound
constexpr int64_t kSmallJumpSamples = 384;  // 24 ms: a move this small is taken on one peak, unconfirmed
constexpr int kSettleFrames = 150;  // 1.5 s of playing after a large jump before the alignment is trusted
constexpr int64_t kJitterSamples = 128;  // 8 ms: the estimate wanders this much every few hundred ms
constexpr int kShortSettleFrames = 40;   // 400 ms of playing after a small move beyond the jitter
constexpr int kResidualWindowDec = 320;  // 80 ms at 4 kHz: the output compared with the loudspeaker
constexpr int kResidualLagDec = 128;     // 32 ms at 4 kHz: how far from the delay its echo is sought
}  // namespace

EchoAligner::EchoAligner(int initialDelayMs, int maxDelayMs)
    : m_render(kHistory, 0),
      m_renderDec(kHistory / kDecimation, 0.f),
      m_captureDec(kHistory / kDecimation, 0.f),
      m_outputDec(kHistory / kDecimation, 0.f),
      m_delay(static_cast<int64_t>(initialDelayMs) * 16),
      m_maxDelay(static_cast<int64_t>(std::clamp(maxDelayMs, 20, 1200)) * 16) {
    m_scratch.resize(static_cast<size_t>(2 * kWindowDec + m_maxDelay / kDecimation + 1));
}

void EchoAligner::decimate(int64_t pos, int16_t sample, Decimator& state, std::vector<float>& ring) {
    state.sum += sample;
    if ((pos + 1) % kDecimation != 0) return;
    // First difference: removes rumble (road noise below ~300 Hz) that would swamp the correlation.
    const float v = state.sum / kDecimation;
    ring[(pos / kDecimation) & (kHistory / kDecimation - 1)] = v - state.prev;
    state.prev = v;
    state.sum = 0;
}

void EchoAligner::pushRender(const int16_t* samples, int count) {
    for (int i = 0; i < count; ++i) {
        const int64_t pos = m_renderPos++;
        m_render[pos & (kHistory - 1)] = samples[i];
        if (std::abs(samples[i]) > kLoudRender) m_lastLoudRender = pos;
        decimate(pos, samples[i], m_decRender, m_renderDec);
    }
}

void EchoAligner::pushCapture(const int16_t* frame) {
    for (int i = 0; i < kFrameSamples; ++i) {
        const int64_t pos = m_capturePos++;
        decimate(pos, frame[i], m_decCapture, m_captureDec);
    }
    // Idle speaker: silence keeps the render history on the capture clock.
    const int64_t target = m_capturePos - kSlack;
    if (m_renderPos < target) {
        static const int16_t zeros[kFrameSamples] = {};
        while (m_renderPos < target)
            pushRender(zeros, static_cast<int>(std::min<int64_t>(kFrameSamples, target - m_renderPos)));
    }
    if (m_settleFrames > 0 && m_lastLoudRender >= m_capturePos - m_delay - kFrameSamples) --m_settleFrames;
    const bool playedRecently = m_lastLoudRender >= m_capturePos - m_maxDelay - kWindowDec * kDecimation;
    const int due = m_estimates == 0 || m_pendingDelay >= 0 ? kEstimateFrames / 3 : kEstimateFrames;
    if (++m_framesSinceEstimate >= due && playedRecently &&
        m_capturePos >= kWindowDec * kDecimation + m_maxDelay) {
        m_framesSinceEstimate = 0;
        estimate();
    }
}

void EchoAligner::pushOutput(const int16_t* frame) {
    const int64_t start = m_capturePos - kFrameSamples;
    for (int i = 0; i < kFrameSamples; ++i) decimate(start + i, frame[i], m_decOutput, m_outputDec);
}

double EchoAligner::residualEcho() const {
    const int64_t mask = kHistory / kDecimation - 1;
    const int64_t end = m_capturePos / kDecimation, start = end - kResidualWindowDec;
    const int64_t renEnd = m_renderPos / kDecimation;
    if (start < 0) return 0;
    double outEnergy = 0;
    for (int64_t c = start; c < end; ++c) outEnergy += double(m_outputDec[c & mask]) * m_outputDec[c & mask];
    if (outEnergy <= 1e-3) return 0;
    const int64_t centre = m_delay / kDecimation;
    double best = 0;
    for (int64_t lag = std::max<int64_t>(0, centre - kResidualLagDec); lag <= centre + kResidualLagDec;
         ++lag) {
        double dot = 0, renEnergy = 0;
        for (int64_t c = start; c < end; ++c) {
            const int64_t r = c - lag;
            if (r < 0 || r >= renEnd || r < renEnd - mask) continue;
            const float v = m_renderDec[r & mask];
            dot += double(m_outputDec[c & mask]) * v;
            renEnergy += double(v) * v;
        }
        if (renEnergy > 1e-3) best = std::max(best, std::abs(dot) / std::sqrt(outEnergy * renEnergy));
    }
    return best;
}

int16_t EchoAligner::renderAt(int64_t index) const {
    if (index < 0 || index >= m_renderPos || index < m_renderPos - kHistory) return 0;
    return m_render[index & (kHistory - 1)];
}

void EchoAligner::reference(int16_t* out, int leadMs) const {
    const int64_t start = m_capturePos - kFrameSamples + static_cast<int64_t>(leadMs) * 16 - m_delay;
    for (int i = 0; i < kFrameSamples; ++i) out[i] = renderAt(start + i);
}

void EchoAligner::estimate() {
    const int64_t mask = kHistory / kDecimation - 1;
    const int64_t capEnd = m_capturePos / kDecimation;  // decimated capture window [capEnd - W, capEnd)
    const int64_t renEnd = m_renderPos / kDecimation;   // decimated render samples that exist
    const int64_t capStart = capEnd - kWindowDec;
    const int maxLag = static_cast<int>(m_maxDelay / kDecimation);
    // Linear copies: cap[i] = capture(capStart + i); ren[j] = render(capStart - maxLag + j).
    float* cap = m_scratch.data();
    float* ren = cap + kWindowDec;
    double capEnergy = 0;
    for (int i = 0; i < kWindowDec; ++i) {
        cap[i] = m_captureDec[(capStart + i) & mask];
        capEnergy += double(cap[i]) * cap[i];
    }
    for (int j = 0; j < kWindowDec + maxLag; ++j) {
        const int64_t r = capStart - maxLag + j;
        ren[j] = (r < 0 || r >= renEnd || r < renEnd - mask) ? 0.f : m_renderDec[r & mask];
    }
    if (capEnergy <= 0) return;
    // Render energy under the window at lag 0, slid towards larger lags.
    double renEnergy = 0;
    for (int i = 0; i < kWindowDec; ++i) renEnergy += double(ren[maxLag + i]) * ren[maxLag + i];
    double best = 0;
    int bestLag = -1;
    for (int lag = 0; lag <= maxLag; ++lag) {
        const float* r = ren + maxLag - lag;
        float dot = 0;
        for (int i = 0; i < kWindowDec; ++i) dot += cap[i] * r[i];
        const double c = renEnergy > 1e-3 ? dot / std::sqrt(capEnergy * renEnergy) : 0;
        if (c > best) {
            best = c;
            bestLag = lag;
        }
        if (lag < maxLag) {  // window moves one sample earlier in the render history
            const float in = ren[maxLag - lag - 1], out = ren[maxLag - lag - 1 + kWindowDec];
            renEnergy = std::max(0.0, renEnergy + double(in) * in - double(out) * out);
        }
    }
    m_lastPeak = best;
    if (bestLag < 0 || best < kMinPeak) return;
    const int64_t found = static_cast<int64_t>(bestLag) * kDecimation;
    const int64_t jump = std::llabs(found - m_delay);
    const bool agreesNow = jump <= kAgreeSamples;
    if (!agreesNow && m_estimates > 0 && best < kJumpPeak) return;
    // A small move (a device buffer that ran late) is taken on one strong peak. Within the jitter it needs
    // no settling, or barge-in would be blocked most of the time; beyond it the canceller lets the echo
    // through for a few frames while it follows (12-24 ms moves: 5-10 frames, loud enough to pass for the
    // driver), so the alignment is not trusted for a short while. A large move is confirmed by a window that
    // does not overlap the one that proposed it, and the canceller re-learns the path before it is trusted.
    const bool small = m_estimates > 0 && jump <= kSmallJumpSamples;
    const bool confirmed = m_pendingDelay >= 0 && std::llabs(found - m_pendingDelay) <= kConfirmSamples &&
                           m_capturePos - m_pendingAt >= kWindowDec * kDecimation;
    if (agreesNow || small || confirmed || (m_estimates == 0 && best > kJumpPeak)) {
        if (!agreesNow && !small) m_settleFrames = kSettleFrames;
        if (small && jump > kJitterSamples) m_settleFrames = std::max(m_settleFrames, kShortSettleFrames);
        m_delay = found;
        m_pendingDelay = -1;
        ++m_estimates;
    } else if (m_pendingDelay < 0 || std::llabs(found - m_pendingDelay) > kConfirmSamples) {
        m_pendingDelay = found;
        m_pendingAt = m_capturePos;
    }
}

}  // namespace peregrine::audio
