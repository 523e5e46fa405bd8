// SseParser: the server-sent-events wire format (WHATWG "event stream interpretation") as a pure, incremental
// parser. Bytes arrive in arbitrary pieces (a line, an event or a CRLF pair may be split across pieces); each
// complete event (a blank line ends it) is returned once. Lines end in LF, CR or CRLF; lines starting with
// ':' are comments; "data" lines of one event are joined with '\n'; a field without ':' has an empty value;
// one space after the colon is dropped. An event without data lines is not dispatched (per the spec).
//
// Thread: none (plain value type). Cost: linear in the bytes fed; the unfinished line is buffered.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace peregrine {

struct SseEvent {
    std::string event;  // "event:" field; "" means the default type "message"
    std::string data;   // "data:" lines joined with '\n'
    std::string id;     // last "id:" field seen (kept across events, as the spec's last-event-id)
};

class SseParser {
public:
    // Parses bytes; returns the events completed by them (possibly none).
    std::vector<SseEvent> feed(std::string_view bytes);
    // Bytes buffered in an unfinished line (a stream that ends here ended mid-line).
    size_t pendingBytes() const { return m_line.size(); }
    // True when lines of an event were read but the blank line that ends it has not arrived.
    bool hasPartialEvent() const { return !m_line.empty() || m_hasData || !m_event.empty(); }
    // A limit on one line (a server that never sends a newline): feed() past it sets overflowed().
    void setMaxLineBytes(size_t bytes) { m_maxLine = bytes; }
    bool overflowed() const { return m_overflowed; }

private:
    void processLine(std::string_view line, std::vector<SseEvent>& out);

    std::string m_line;        // bytes of the current, unfinished line
    bool m_lastWasCr = false;  // the previous piece ended in CR: a leading LF now belongs to it
    std::string m_event;
    std::string m_data;
    bool m_hasData = false;
    std::string m_id;
    size_t m_maxLine = 16u << 20;
    bool m_overflowed = false;
};

}  // namespace peregrine
