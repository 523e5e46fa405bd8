#include "backends/sse_parser.h"

namespace peregrine {

std::vector<SseEvent> SseParser::feed(std::string_view bytes) {
    std::vector<SseEvent> out;
    for (char c : bytes) {
        if (m_lastWasCr) {
            m_lastWasCr = false;
            if (c == '\n') {
                continue;  // the LF of a CRLF split across pieces (or within this one)
            }
        }
        if (c == '\r' || c == '\n') {
            m_lastWasCr = c == '\r';
            processLine(m_line, out);
            m_line.clear();
            continue;
        }
        if (m_line.size() >= m_maxLine) {
            m_overflowed = true;
            continue;  // the rest of an oversized line is dropped; the caller reads overflowed()
        }
        m_line.push_back(c);
    }
    return out;
}

void SseParser::processLine(std::string_view line, std::vector<SseEvent>& out) {
    if (line.empty()) {  // dispatch
        if (m_hasData) {
            out.push_back(SseEvent{m_event, m_data, m_id});
        }
        m_event.clear();
        m_data.clear();
        m_hasData = false;
        return;
    }
    if (line.front() == ':') {
        return;  // comment (llama-server and proxies send these as keep-alives)
    }
    std::string_view field = line;
    std::string_view value;
    if (size_t colon = line.find(':'); colon != std::string_view::npos) {
        field = line.substr(0, colon);
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') {
            value.remove_prefix(1);
        }
    }
    if (field == "data") {
        if (m_hasData) {
            m_data.push_back('\n');
        }
        m_data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_event.assign(value);
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos) {
            m_id.assign(value);
        }
    }
    // "retry" and unknown fields are ignored (this client does not reconnect).
}

}  // namespace peregrine
