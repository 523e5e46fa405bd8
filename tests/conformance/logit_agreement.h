// How close our logits at one position are to a golden row from llama.cpp (JSON array of floats): cosine and
// the largest absolute difference. Shared by the conformance tests (kit goldens and synthetic ones).
#pragma once

#include <QJsonArray>
#include <algorithm>
#include <cmath>

namespace peregrine::testing {

struct LogitAgreement {
    double cosine = 0;
    double maxDiff = 0;
};

// golden.size() floats compared with ours[0 .. golden.size()).
inline LogitAgreement compareLogits(const QJsonArray& golden, const float* ours) {
    double dot = 0, na = 0, nb = 0;
    LogitAgreement a;
    for (qsizetype i = 0; i < golden.size(); ++i) {
        const double g = golden[i].toDouble();
        dot += g * ours[i];
        na += g * g;
        nb += static_cast<double>(ours[i]) * ours[i];
        a.maxDiff = std::max(a.maxDiff, std::fabs(g - ours[i]));
    }
    a.cosine = dot / std::sqrt(na * nb);
    return a;
}

}  // namespace peregrine::testing
