// JsonMatcher's number checks: whether a number's text is within the schema's bounds, and whether some
// completion of a prefix can still be (so a prefix is refused as soon as no completion fits).
#include <cmath>
#include <cstdlib>
#include <string>

#include "sampling/json_matcher.h"

namespace peregrine {

bool JsonMatcher::numberInRange(const Config& c, const SchemaNode& s) const {
    const std::string text(c.num, c.numLen);
    const double v = std::strtod(text.c_str(), nullptr);
    return (!s.minimum || v >= *s.minimum) && (!s.maximum || v <= *s.maximum);
}

// Whether some completion of the number text in c (within the digit limits) lies in [minimum, maximum].
bool JsonMatcher::numberViable(const Config& c, const SchemaNode& s) const {
    const double lo = s.minimum ? *s.minimum : -1e300;
    const double hi = s.maximum ? *s.maximum : 1e300;
    const bool integer = s.kind == SchemaNode::Kind::Integer;
    const double ilo = integer ? std::ceil(lo) : lo;
    const double ihi = integer ? std::floor(hi) : hi;
    size_t i = 0;
    const bool negative = c.numLen > 0 && c.num[0] == '-';
    if (negative) ++i;
    double v = 0;
    int intDigits = 0;
    for (; i < c.numLen && c.num[i] != '.'; ++i, ++intDigits) v = v * 10 + (c.num[i] - '0');
    if (intDigits == 0) return negative ? ilo <= 0 : ihi >= 0;
    // Magnitude intervals [a, b) (integers: [a, b - 1] as whole numbers) that completions can reach.
    auto hits = [&](double a, double b) {
        if (integer) {  // whole numbers a..b-1 (magnitudes), signed
            const double x = negative ? -(b - 1) : a;
            const double y = negative ? -a : b - 1;
            return std::fmax(x, ilo) <= std::fmin(y, ihi);
        }
        return negative ? (-a >= lo && -b < hi) : (a <= hi && b > lo);
    };
    if (i < c.numLen) {  // in the fraction
        double f = 0, scale = 1;
        for (++i; i < c.numLen; ++i) {
            f = f * 10 + (c.num[i] - '0');
            scale *= 10;
        }
        const int fracDigits = static_cast<int>(std::lround(std::log10(scale)));
        const double a = v + f / scale;
        if (fracDigits >= kMaxDigits) return negative ? (-a >= lo && -a <= hi) : (a >= lo && a <= hi);
        return hits(a, v + (f + 1) / scale);
    }
    if (integer ? hits(v, v + 1) : hits(v, v + 1)) return true;
    if (v == 0) return false;
    double scale = 10;
    for (int j = intDigits + 1; j <= kMaxDigits; ++j, scale *= 10)
        if (hits(v * scale, (v + 1) * scale)) return true;
    return false;
}

}  // namespace peregrine
