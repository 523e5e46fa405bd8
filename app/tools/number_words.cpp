#include "tools/number_words.h"

#include <QHash>
#include <QRegularExpression>
#include <cmath>

namespace peregrine::tools {

namespace {

const QHash<QString, int>& smallNumbers() {
    static const QHash<QString, int> map = {
        {"zero", 0},       {"oh", 0},        {"one", 1},       {"a", 1},        {"an", 1},
        {"two", 2},        {"three", 3},     {"four", 4},      {"five", 5},     {"six", 6},
        {"seven", 7},      {"eight", 8},     {"nine", 9},      {"ten", 10},     {"eleven", 11},
        {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15}, {"sixteen", 16},
        {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},  {"thirty", 30},
        {"forty", 40},     {"fourty", 40},   {"fifty", 50},    {"sixty", 60},   {"seventy", 70},
        {"eighty", 80},    {"ninety", 90},
    };
    return map;
}

bool isNumberWord(const QString& w) {
    static const QRegularExpression digits(QStringLiteral("^\\d+(\\.\\d+)?$"));
    return smallNumbers().contains(w) || w == QLatin1String("hundred") || w == QLatin1String("thousand") ||
           w == QLatin1String("half") || w == QLatin1String("point") || w == QLatin1String("and") ||
           digits.match(w).hasMatch();
}

// Milliseconds per unit word, or 0.
qint64 unitMs(const QString& w) {
    static const QHash<QString, qint64> map = {
        {"second", 1000},  {"seconds", 1000},  {"sec", 1000},   {"secs", 1000},
        {"minute", 60000}, {"minutes", 60000}, {"min", 60000},  {"mins", 60000},
        {"hour", 3600000}, {"hours", 3600000}, {"hr", 3600000}, {"hrs", 3600000},
    };
    return map.value(w, 0);
}

}  // namespace

QString normalizeTranscript(const QString& text) {
    QString s = text.toLower();
    s.replace(QLatin1Char('-'), QLatin1Char(' '));
    static const QRegularExpression punct(QStringLiteral("[^\\w\\s'./]"));
    s.replace(punct, QStringLiteral(" "));
    static const QRegularExpression endDots(QStringLiteral("[.]+(\\s|$)"));
    s.replace(endDots, QStringLiteral(" "));
    return s.simplified();
}

std::optional<double> parseNumber(const QStringList& words) {
    if (words.isEmpty()) return std::nullopt;
    double total = 0, group = 0;
    bool any = false, afterPoint = false, sawHalf = false;
    double fraction = 0, scale = 0.1;
    for (const QString& w : words) {
        bool isNum = false;
        const double digits = w.toDouble(&isNum);
        if (afterPoint) {
            const auto it = smallNumbers().constFind(w);
            if (it != smallNumbers().constEnd() && *it < 10 && w != QLatin1String("a") &&
                w != QLatin1String("an")) {
                fraction += *it * scale;
                scale /= 10;
                continue;
            }
            return std::nullopt;
        }
        if (isNum) {
            group += digits;
            any = true;
        } else if (w == QLatin1String("and")) {
            if (!any) return std::nullopt;
        } else if (w == QLatin1String("half")) {
            if (sawHalf) return std::nullopt;
            sawHalf = true;  // "half" alone is 0.5; "one and a half": handled by "a" below
            any = true;
        } else if (w == QLatin1String("hundred")) {
            group = (group == 0 ? 1 : group) * 100;
            any = true;
        } else if (w == QLatin1String("thousand")) {
            total += (group == 0 ? 1 : group) * 1000;
            group = 0;
            any = true;
        } else if (w == QLatin1String("point")) {
            if (!any) return std::nullopt;
            afterPoint = true;
        } else {
            const auto it = smallNumbers().constFind(w);
            if (it == smallNumbers().constEnd()) return std::nullopt;
            group += *it;
            any = true;
        }
    }
    if (!any) return std::nullopt;
    double value = total + group + fraction;
    if (sawHalf) {
        // "half" = 0.5, "a half" / "one and a half" / "two and a half": the 'a' counted 1 too many.
        const bool withA = words.contains(QStringLiteral("a")) || words.contains(QStringLiteral("an"));
        value = value - (withA ? 1 : 0) + 0.5;
    }
    return value;
}

std::optional<double> parseNumber(const QString& text) {
    return parseNumber(normalizeTranscript(text).split(QLatin1Char(' '), Qt::SkipEmptyParts));
}

std::optional<qint64> parseDuration(const QString& text) {
    QStringList words = normalizeTranscript(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    while (!words.isEmpty() &&
           (words.first() == QLatin1String("for") || words.first() == QLatin1String("in")))
        words.removeFirst();
    double total = 0;
    QStringList pending;  // number words since the last unit
    qint64 lastUnit = 0;
    for (int i = 0; i < words.size(); ++i) {
        const QString& w = words[i];
        if (const qint64 unit = unitMs(w)) {
            // "half an hour": the number words before the unit; "an hour and a half": "and a half" after.
            if (pending == QStringList{QStringLiteral("half"), QStringLiteral("an")} ||
                pending == QStringList{QStringLiteral("half"), QStringLiteral("a")}) {
                total += 0.5 * static_cast<double>(unit);
            } else {
                const auto n = parseNumber(pending);
                if (!n) return std::nullopt;
                total += *n * static_cast<double>(unit);
            }
            pending.clear();
            lastUnit = unit;
            continue;
        }
        if (!isNumberWord(w)) return std::nullopt;
        if (pending.isEmpty() && w == QLatin1String("and") && lastUnit) continue;
        pending << w;
    }
    if (!pending.isEmpty()) {
        // A trailing "and a half" / "half" belongs to the last unit.
        QStringList rest = pending;
        if (!rest.isEmpty() && rest.first() == QLatin1String("and")) rest.removeFirst();
        if (lastUnit && (rest == QStringList{QStringLiteral("a"), QStringLiteral("half")} ||
                         rest == QStringList{QStringLiteral("half")}))
            total += 0.5 * static_cast<double>(lastUnit);
        else
            return std::nullopt;
    }
    if (total < 1 || !lastUnit) return std::nullopt;
    return static_cast<qint64>(std::llround(total));
}

QString formatDuration(qint64 ms) {
    qint64 s = (ms + 500) / 1000;
    const qint64 h = s / 3600;
    const qint64 m = (s % 3600) / 60;
    s %= 60;
    QStringList parts;
    const auto part = [&parts](qint64 n, const char* one, const char* many) {
        if (n > 0) parts << QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
    };
    part(h, "hour", "hours");
    part(m, "minute", "minutes");
    part(s, "second", "seconds");
    return parts.isEmpty() ? QStringLiteral("0 seconds") : parts.join(QLatin1Char(' '));
}

}  // namespace peregrine::tools
