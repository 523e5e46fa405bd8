#include "tokenizer/pre_tokenizer_stages.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "tokenizer/code_points.h"

namespace peregrine {

namespace {

struct Range {
    uint32_t lo;
    uint32_t hi;
};

bool inRanges(uint32_t cp, const Range* begin, const Range* end) {
    return std::any_of(begin, end, [cp](const Range& r) { return cp >= r.lo && cp <= r.hi; });
}

// deepseek-llm's letter class (its tokenizer.json): Latin, Greek, Cyrillic, Armenian, Georgian, Cherokee,
// Glagolitic, Coptic, Deseret, ... letters, full-width A-Z a-z.
constexpr Range kDeepseekLetters[] = {
    {0x0041, 0x005A},   {0x0061, 0x007A},   {0x00B5, 0x00B5},   {0x00C0, 0x00D6},   {0x00D8, 0x00F6},
    {0x00F8, 0x01BA},   {0x01BC, 0x01BF},   {0x01C4, 0x0293},   {0x0295, 0x02AF},   {0x0370, 0x0373},
    {0x0376, 0x0377},   {0x037B, 0x037D},   {0x037F, 0x037F},   {0x0386, 0x0386},   {0x0388, 0x038A},
    {0x038C, 0x038C},   {0x038E, 0x03A1},   {0x03A3, 0x03F5},   {0x03F7, 0x0481},   {0x048A, 0x052F},
    {0x0531, 0x0556},   {0x10A0, 0x10C5},   {0x13A0, 0x13F5},   {0x13F8, 0x13FD},   {0x1C90, 0x1CBA},
    {0x1CBD, 0x1CBF},   {0x1D00, 0x1D2B},   {0x1D6B, 0x1D77},   {0x1D79, 0x1D9A},   {0x1E00, 0x1F15},
    {0x1F18, 0x1F1D},   {0x1F20, 0x1F45},   {0x1F48, 0x1F4D},   {0x1F50, 0x1F57},   {0x1F59, 0x1F59},
    {0x1F5B, 0x1F5B},   {0x1F5D, 0x1F5D},   {0x1F5F, 0x1F7D},   {0x1F80, 0x1FB4},   {0x1FB6, 0x1FBC},
    {0x1FBE, 0x1FBE},   {0x1FC2, 0x1FC4},   {0x1FC6, 0x1FCC},   {0x1FD0, 0x1FD3},   {0x1FD6, 0x1FDB},
    {0x1FE0, 0x1FEC},   {0x1FF2, 0x1FF4},   {0x1FF6, 0x1FFC},   {0x2102, 0x2102},   {0x2107, 0x2107},
    {0x210A, 0x2113},   {0x2115, 0x2115},   {0x2119, 0x211D},   {0x2124, 0x2124},   {0x2126, 0x2126},
    {0x2128, 0x2128},   {0x212A, 0x212D},   {0x212F, 0x2134},   {0x2139, 0x2139},   {0x213C, 0x213F},
    {0x2145, 0x2149},   {0x214E, 0x214E},   {0x2183, 0x2184},   {0x2C00, 0x2C7B},   {0x2C7E, 0x2CE4},
    {0x2CEB, 0x2CEE},   {0x2CF2, 0x2CF3},   {0xA640, 0xA66D},   {0xA680, 0xA69B},   {0xA722, 0xA76F},
    {0xA771, 0xA787},   {0xA78B, 0xA78E},   {0xAB70, 0xABBF},   {0xFB00, 0xFB06},   {0xFB13, 0xFB17},
    {0xFF21, 0xFF3A},   {0xFF41, 0xFF5A},   {0x10400, 0x1044F}, {0x104B0, 0x104D3}, {0x104D8, 0x104FB},
    {0x10C80, 0x10CB2}, {0x10CC0, 0x10CF2}, {0x118A0, 0x118DF}, {0x1E900, 0x1E943},
};

// deepseek-llm's punctuation class: ASCII ! to / and : to ~, full-width ones, curly quotes, 、 and 。 (its
// U+3000 is whitespace, which llama.cpp hands the expression as a vertical tab, so it never matches here).
constexpr Range kDeepseekPunct[] = {{0x21, 0x2F},     {0x3A, 0x7E},     {0xFF01, 0xFF0F},
                                    {0xFF1A, 0xFF5E}, {0x2018, 0x201F}, {0x3001, 0x3002}};

// [一-龥ࠀ-一가-퟿]: CJK ideographs, U+0800..U+4E00 and Hangul; whitespace in those ranges never
// matches (as above).
constexpr Range kCjk[] = {{0x4E00, 0x9FA5}, {0x0800, 0x4E00}, {0xAC00, 0xD7FF}};

enum class Stage {
    NewlineChar,    // [\r\n]
    SpaceLetters,   // \s?\p{L}+
    SpacePunct,     // \s?\p{P}+
    Cjk,            // [一-龥ࠀ-一가-퟿]+
    Digit,          // \p{N}
    DigitRun,       // \p{N}+
    DsLetters,      // \s?[deepseek letters]+
    DsPunct,        // \s?[deepseek punctuation]+
    TrailingSpace,  // \s+$
    FalconPunct,    // [\p{P}\$\+<=>\^~\|`]+
    DefaultPunct,   // [\p{P}\$\+<=>\^~\|]+
    Gpt2,           // the GPT-2 expression (pre_tokenizer.cpp)
    ThreeDigits,    // [0-9][0-9][0-9]
    DigitGroups,    // \d{1,3}(?=(?:\d{3})*\b), as llama.cpp evaluates it (below)
    Gpt4o,          // the o200k expression (below)
};

// llama.cpp evaluates gpt-4o's first expression with its own splitter (unicode_regex_split_custom_afmoe):
// every run of numbers becomes groups of three counted from the right, and the text before a run stays
// joined to the run's first group ("ab12345" -> "ab12", "345"); the next stage splits that text off again.
void digitGroups(std::string_view piece, std::vector<std::string_view>& out) {
    const CodePoints cps(piece);
    size_t emitted = 0;
    auto emit = [&](size_t end) {
        if (end > emitted) out.push_back(cps.span(emitted, end));
        emitted = end;
    };
    for (size_t i = 0; i < cps.size();) {
        if (!cps.number(i)) {
            ++i;
            continue;
        }
        const size_t start = i;
        while (cps.number(i)) ++i;
        const size_t count = i - start;
        size_t at = start + count % 3;
        if (count % 3) emit(at);
        for (; at < i; at += 3) emit(at + 3);
    }
    emit(cps.size());
}

// gpt-4o (o200k), llama.cpp's form of it:
//   [^\r\n\p{L}\p{N}]?U*L+C? | [^\r\n\p{L}\p{N}]?U+L*C? | \p{N}{1,3} | ?[^\s\p{L}\p{N}]+[\r\n/]* |
//   \s*[\r\n]+ | \s+(?!\S) | \s+
// with U a letter other than a-z, L a letter other than A-Z (letters outside ASCII are both) and C an
// optional contraction ('s 't 're 've 'm 'll 'd in any case). Returns the match length at i (0: none), with
// ECMAScript's backtracking order.
size_t gpt4oMatch(const CodePoints& c, size_t i) {
    auto upper = [&](size_t k) { return c.letter(k) && !(c.at(k) >= 'a' && c.at(k) <= 'z'); };
    auto lower = [&](size_t k) { return c.letter(k) && !(c.at(k) >= 'A' && c.at(k) <= 'Z'); };
    auto runOf = [&](size_t k, auto pred) {
        size_t e = k;
        while (pred(e)) ++e;
        return e;
    };
    auto contractionAt = [&](size_t k) -> size_t {
        if (c.at(k) != '\'' || !c.exists(k + 1)) return 0;
        auto lo = [&](size_t j) { return c.at(j) >= 'A' && c.at(j) <= 'Z' ? c.at(j) + 32 : c.at(j); };
        const uint32_t a = lo(k + 1);
        if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
        const uint32_t b = c.exists(k + 2) ? lo(k + 2) : 0;
        return (a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l') ? 3 : 0;
    };
    const uint32_t cp = c.at(i);
    const bool prefix = c.exists(i) && cp != '\r' && cp != '\n' && !c.letter(i) && !c.number(i);
    const size_t s = prefix ? i + 1 : i;
    const size_t uEnd = runOf(s, upper);
    // U*L+: the longest U run that a lower letter can follow.
    for (size_t k = uEnd + 1; k-- > s;) {
        if (!lower(k)) continue;
        const size_t e = runOf(k, lower);
        return e + contractionAt(e) - i;
    }
    if (uEnd > s) {  // U+L*
        const size_t e = runOf(uEnd, lower);
        return e + contractionAt(e) - i;
    }
    if (c.number(i)) return runOf(i, [&](size_t k) { return c.number(k) && k < i + 3; }) - i;
    const size_t o = cp == ' ' && c.other(i + 1) ? i + 1 : i;
    if (c.other(o)) {
        size_t e = runOf(o, [&](size_t k) { return c.other(k); });
        while (c.at(e) == '\r' || c.at(e) == '\n' || c.at(e) == '/') ++e;
        return e - i;
    }
    if (c.space(i)) {
        const size_t e = runOf(i, [&](size_t k) { return c.space(k); });
        for (size_t k = e; k > i; --k)  // \s*[\r\n]+
            if (c.at(k - 1) == '\r' || c.at(k - 1) == '\n') return k - i;
        return (e - i > 1 && c.exists(e)) ? e - 1 - i : e - i;  // \s+(?!\S), else \s+
    }
    return 0;
}

class Matcher {
public:
    Matcher(Stage stage, const CodePoints& cps) : m_stage(stage), m_cps(cps) {
        // \s+$: only the whitespace that runs to the end of the piece.
        m_trailing = cps.size();
        while (m_trailing > 0 && cps.space(m_trailing - 1)) --m_trailing;
    }

    // Length of the match starting at i (0: none).
    size_t at(size_t i) const {
        const CodePoints& c = m_cps;
        switch (m_stage) {
            case Stage::NewlineChar:
                return c.at(i) == '\r' || c.at(i) == '\n' ? 1 : 0;
            case Stage::SpaceLetters:
                return optionalSpaceRun(i, [&](size_t k) { return c.letter(k); });
            case Stage::SpacePunct:
                return optionalSpaceRun(i, [&](size_t k) { return punct(k); });
            case Stage::Cjk:
                return run(i, [&](size_t k) { return in(k, kCjk) && !c.space(k); });
            case Stage::Digit:
                return c.number(i) ? 1 : 0;
            case Stage::DigitRun:
                return run(i, [&](size_t k) { return c.number(k); });
            case Stage::DsLetters:
                return optionalSpaceRun(i, [&](size_t k) { return in(k, kDeepseekLetters); });
            case Stage::DsPunct:
                return optionalSpaceRun(i, [&](size_t k) { return in(k, kDeepseekPunct); });
            case Stage::TrailingSpace:
                return i >= m_trailing && i < c.size() ? c.size() - i : 0;
            case Stage::FalconPunct:
                return run(i, [&](size_t k) { return punct(k) || asciiIn(k, "$+<=>^~|`"); });
            case Stage::DefaultPunct:
                return run(i, [&](size_t k) { return punct(k) || asciiIn(k, "$+<=>^~|"); });
            case Stage::ThreeDigits: {
                for (size_t k = i; k < i + 3; ++k)
                    if (c.at(k) < '0' || c.at(k) > '9') return 0;
                return 3;
            }
            case Stage::Gpt2:
            case Stage::DigitGroups:
            case Stage::Gpt4o:
                break;
        }
        return 0;
    }

private:
    template <size_t N>
    bool in(size_t k, const Range (&ranges)[N]) const {
        return m_cps.exists(k) && inRanges(m_cps.at(k), ranges, ranges + N);
    }
    bool punct(size_t k) const { return m_cps.flags(k) & unicode::Punctuation; }
    bool asciiIn(size_t k, std::string_view set) const {
        const uint32_t cp = m_cps.at(k);
        return cp < 0x80 && set.find(static_cast<char>(cp)) != std::string_view::npos;
    }
    template <typename Pred>
    size_t run(size_t i, Pred pred) const {
        size_t k = i;
        while (k < m_cps.size() && pred(k)) ++k;
        return k - i;
    }
    // \s?X+: a whitespace character is taken only when X follows it.
    template <typename Pred>
    size_t optionalSpaceRun(size_t i, Pred pred) const {
        if (m_cps.space(i) && pred(i + 1)) return 1 + run(i + 1, pred);
        return run(i, pred);
    }

    Stage m_stage;
    const CodePoints& m_cps;
    size_t m_trailing = 0;
};

// One stage over one piece: matches and the runs between them, in order.
void applyStage(Stage stage, std::string_view piece, std::vector<std::string_view>& out) {
    if (stage == Stage::Gpt2) {
        splitWords(PreTokenizerKind::Gpt2, piece, out);
        return;
    }
    if (stage == Stage::DigitGroups) {
        digitGroups(piece, out);
        return;
    }
    const CodePoints cps(piece);
    const Matcher match(stage, cps);
    size_t gap = 0;
    size_t i = 0;
    while (i < cps.size()) {
        const size_t n = stage == Stage::Gpt4o ? gpt4oMatch(cps, i) : match.at(i);
        if (n == 0) {
            ++i;
            continue;
        }
        if (i > gap) out.push_back(cps.span(gap, i));
        out.push_back(cps.span(i, i + n));
        i += n;
        gap = i;
    }
    if (gap < cps.size()) out.push_back(cps.span(gap, cps.size()));
}

std::vector<Stage> stagesOf(PreTokenizerKind kind) {
    using S = Stage;
    switch (kind) {
        case PreTokenizerKind::Default:
            return {S::DefaultPunct, S::Gpt2, S::DigitRun, S::ThreeDigits};
        case PreTokenizerKind::Falcon:
            return {S::FalconPunct, S::Gpt2, S::ThreeDigits};
        case PreTokenizerKind::Starcoder:
            return {S::Digit, S::Gpt2};
        case PreTokenizerKind::DeepseekCoder:
            return {S::NewlineChar, S::SpaceLetters, S::SpacePunct, S::Cjk, S::Digit};
        case PreTokenizerKind::DeepseekLlm:
            return {S::NewlineChar, S::DsLetters, S::DsPunct, S::TrailingSpace, S::Cjk, S::DigitRun};
        case PreTokenizerKind::Gpt4o:
            return {S::DigitGroups, S::Gpt4o};
        default:
            return {S::Gpt2};
    }
}

}  // namespace

void splitStaged(PreTokenizerKind kind, std::string_view text, std::vector<std::string_view>& words) {
    std::vector<std::string_view> pieces{text};
    std::vector<std::string_view> next;
    for (Stage stage : stagesOf(kind)) {
        next.clear();
        for (std::string_view piece : pieces) applyStage(stage, piece, next);
        pieces.swap(next);
    }
    words.insert(words.end(), pieces.begin(), pieces.end());
}

}  // namespace peregrine
