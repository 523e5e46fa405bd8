// Scale searches shared by the K-quant quantizers. They reproduce the searches of ggml's reference
// quantizers (same candidates, weights and tie rules) so our files have llama-quantize's quality.
#include <algorithm>
#include <cmath>

#include "quant/quant_impl.h"

namespace peregrine::quant_detail {

namespace {

constexpr float kGroupMaxEps = 1e-15f;

int clampLevel(int l, int lo, int hi) {
    return std::max(lo, std::min(hi, l));
}

}  // namespace

float makeSymmetricQuants(int n, int nmax, const float* x, int8_t* L, const float* weights) {
    float amax = 0.0f, max = 0.0f;
    for (int i = 0; i < n; ++i) {
        if (std::fabs(x[i]) > amax) {
            amax = std::fabs(x[i]);
            max = x[i];
        }
    }
    if (amax < kGroupMaxEps) {
        std::fill(L, L + n, int8_t{0});
        return 0.0f;
    }
    auto weightOf = [&](int i) { return weights ? weights[i] : x[i] * x[i]; };
    // Least-squares scale for the levels that a given inverse scale picks: scale = sum(w x l) / sum(w l^2).
    auto evaluate = [&](float iscale, float* sumlx, float* suml2) {
        *sumlx = 0.0f;
        *suml2 = 0.0f;
        for (int i = 0; i < n; ++i) {
            const int l = clampLevel(nearestInt(iscale * x[i]), -nmax, nmax - 1);
            const float w = weightOf(i);
            *sumlx += w * x[i] * l;
            *suml2 += w * l * l;
        }
    };
    auto assign = [&](float iscale) {
        for (int i = 0; i < n; ++i)
            L[i] = static_cast<int8_t>(nmax + clampLevel(nearestInt(iscale * x[i]), -nmax, nmax - 1));
    };
    float iscale = -nmax / max;
    float sumlx, suml2;
    evaluate(iscale, &sumlx, &suml2);
    assign(iscale);
    float scale = suml2 != 0.0f ? sumlx / suml2 : 0.0f;
    float best = scale * sumlx;
    for (int is = -9; is <= 9; ++is) {
        if (is == 0) continue;
        iscale = -(nmax + 0.1f * is) / max;
        evaluate(iscale, &sumlx, &suml2);
        // Maximising sumlx^2 / suml2 minimises the weighted squared error.
        if (suml2 > 0 && sumlx * sumlx > best * suml2) {
            assign(iscale);
            scale = sumlx / suml2;
            best = scale * sumlx;
        }
    }
    return scale;
}

float makeQ3Quants(int n, int nmax, const float* x, int8_t* L) {
    float amax = 0.0f, max = 0.0f;
    for (int i = 0; i < n; ++i) {
        if (std::fabs(x[i]) > amax) {
            amax = std::fabs(x[i]);
            max = x[i];
        }
    }
    if (amax < kGroupMaxEps) {
        std::fill(L, L + n, int8_t{0});
        return 0.0f;
    }
    const float iscale = -nmax / max;
    float sumlx = 0.0f, suml2 = 0.0f;
    for (int i = 0; i < n; ++i) {
        const int l = clampLevel(nearestInt(iscale * x[i]), -nmax, nmax - 1);
        L[i] = static_cast<int8_t>(l);
        const float w = x[i] * x[i];
        sumlx += w * x[i] * l;
        suml2 += w * l * l;
    }
    // Coordinate descent: move one level at a time to its best value for the current scale when that raises
    // sumlx^2 / suml2 (i.e. lowers the error); at most 5 sweeps.
    for (int sweep = 0; sweep < 5; ++sweep) {
        int changed = 0;
        for (int i = 0; i < n; ++i) {
            const float w = x[i] * x[i];
            float slx = sumlx - w * x[i] * L[i];
            if (slx <= 0) continue;
            float sl2 = suml2 - w * L[i] * L[i];
            const int newL = clampLevel(nearestInt(x[i] * sl2 / slx), -nmax, nmax - 1);
            if (newL == L[i]) continue;
            slx += w * x[i] * newL;
            sl2 += w * newL * newL;
            if (sl2 > 0 && slx * slx * suml2 > sumlx * sumlx * sl2) {
                L[i] = static_cast<int8_t>(newL);
                sumlx = slx;
                suml2 = sl2;
                ++changed;
            }
        }
        if (changed == 0) break;
    }
    for (int i = 0; i < n; ++i) L[i] = static_cast<int8_t>(L[i] + nmax);
    return suml2 > 0.0f ? sumlx / suml2 : 0.0f;
}

float makeScaleMinQuants(int n, int nmax, const float* x, const float* weights, uint8_t* L, float* negMin,
                         float rmin, float rdelta, int nstep, bool useMad) {
    float min = x[0], max = x[0];
    float sumW = weights[0];
    float sumX = sumW * x[0];
    for (int i = 1; i < n; ++i) {
        min = std::min(min, x[i]);
        max = std::max(max, x[i]);
        sumW += weights[i];
        sumX += weights[i] * x[i];
    }
    if (min > 0) min = 0;  // the min is subtracted, so it is never positive
    if (max == min) {
        std::fill(L, L + n, uint8_t{0});
        *negMin = -min;
        return 0.0f;
    }
    auto errorOf = [&](float diff) { return useMad ? std::fabs(diff) : diff * diff; };
    float iscale = nmax / (max - min);
    float scale = 1.0f / iscale;
    float bestError = 0.0f;
    for (int i = 0; i < n; ++i) {
        L[i] = static_cast<uint8_t>(clampLevel(nearestInt(iscale * (x[i] - min)), 0, nmax));
        bestError += weights[i] * errorOf(scale * L[i] + min - x[i]);
    }
    uint8_t candidate[32];  // n <= 32 for every caller
    for (int is = 0; is <= nstep; ++is) {
        iscale = (rmin + rdelta * is + nmax) / (max - min);
        float sumL = 0.0f, sumL2 = 0.0f, sumXL = 0.0f;
        for (int i = 0; i < n; ++i) {
            const int l = clampLevel(nearestInt(iscale * (x[i] - min)), 0, nmax);
            candidate[i] = static_cast<uint8_t>(l);
            sumL += weights[i] * l;
            sumL2 += weights[i] * l * l;
            sumXL += weights[i] * l * x[i];
        }
        // Weighted least squares for x ~ scale * l + min over the candidate levels.
        const float det = sumW * sumL2 - sumL * sumL;
        if (det <= 0) continue;
        float thisScale = (sumW * sumXL - sumX * sumL) / det;
        float thisMin = (sumL2 * sumX - sumL * sumXL) / det;
        if (thisMin > 0) {
            thisMin = 0;
            thisScale = sumXL / sumL2;
        }
        float err = 0.0f;
        for (int i = 0; i < n; ++i) err += weights[i] * errorOf(thisScale * candidate[i] + thisMin - x[i]);
        if (err < bestError) {
            std::copy(candidate, candidate + n, L);
            bestError = err;
            scale = thisScale;
            min = thisMin;
        }
    }
    *negMin = -min;
    return scale;
}

}  // namespace peregrine::quant_detail
