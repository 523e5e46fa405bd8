#include "backends/output_capture.h"

#include <unistd.h>

#include <cstdio>

namespace peregrine {

OutputCapture::OutputCapture(int fd) : m_fd(fd) {
    std::fflush(fd == STDOUT_FILENO ? stdout : stderr);
    FILE* tmp = std::tmpfile();
    if (!tmp) return;
    m_capture = dup(fileno(tmp));
    std::fclose(tmp);  // the dup keeps the (already unlinked) file alive
    m_saved = dup(fd);
    if (m_capture < 0 || m_saved < 0 || dup2(m_capture, fd) < 0) {
        if (m_capture >= 0) close(m_capture);
        if (m_saved >= 0) close(m_saved);
        m_capture = m_saved = -1;
    }
}

OutputCapture::~OutputCapture() {
    finish();
}

const std::vector<std::string>& OutputCapture::finish(bool echo) {
    if (m_finished || m_capture < 0) return m_lines;
    m_finished = true;
    std::fflush(m_fd == STDOUT_FILENO ? stdout : stderr);
    dup2(m_saved, m_fd);
    close(m_saved);
    std::string text;
    char buf[4096];
    lseek(m_capture, 0, SEEK_SET);
    for (ssize_t n; (n = read(m_capture, buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
    close(m_capture);
    if (echo && write(m_fd, text.data(), text.size()) < 0) {
        // the restored descriptor is gone: nothing to echo to
    }
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) m_lines.push_back(std::move(line));
        start = end + 1;
    }
    return m_lines;
}

}  // namespace peregrine
