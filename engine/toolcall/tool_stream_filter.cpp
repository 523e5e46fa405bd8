#include "toolcall/tool_stream_filter.h"

#include <algorithm>

namespace peregrine {

namespace {
constexpr std::string_view kOpen = "<tool_call>";
}  // namespace

std::string ToolCallStreamFilter::feed(std::string_view piece) {
    m_all.append(piece);
    if (m_mode == Mode::Undecided) {
        const size_t first = m_all.find_first_not_of(" \t\r\n");
        if (first == std::string::npos) return {};
        const char c = m_all[first];
        const bool held = c == '{' || (m_format == ToolFormat::Llama3Json && (c == '[' || c == '<'));
        m_mode = held ? Mode::Held : Mode::Words;
    }
    if (m_mode != Mode::Words) return {};
    // Words: pass everything before the tag; hold a tail that is a prefix of it.
    const size_t from = m_shown >= kOpen.size() ? m_shown - kOpen.size() : 0;
    if (m_format == ToolFormat::Hermes) {
        if (const size_t tag = m_all.find(kOpen, from); tag != std::string::npos) {
            std::string out = m_all.substr(m_shown, tag - std::min(tag, m_shown));
            m_shown = std::max(m_shown, tag);
            m_mode = Mode::Call;
            return out;
        }
    }
    size_t end = m_all.size();
    if (m_format == ToolFormat::Hermes) {
        for (size_t keep = std::min(kOpen.size() - 1, m_all.size()); keep > 0; --keep) {
            if (std::string_view(m_all).substr(m_all.size() - keep) == kOpen.substr(0, keep)) {
                end = m_all.size() - keep;
                break;
            }
        }
    }
    if (end <= m_shown) return {};
    std::string out = m_all.substr(m_shown, end - m_shown);
    m_shown = end;
    return out;
}

std::string ToolCallStreamFilter::finish(bool wasCall) {
    if (wasCall || m_mode == Mode::Call || m_shown >= m_all.size()) return {};
    std::string out = m_all.substr(m_shown);
    m_shown = m_all.size();
    return out;
}

}  // namespace peregrine
