// OutputCapture: what a vendor runtime writes to a file descriptor (stderr, stdout) while one call runs, for
// the error message of a failure the runtime only explains in its log (Genie's bare -1, RKLLM's
// "E rkllm: invalid rkllm model!"). The descriptor is redirected into an unlinked temporary file for the
// capture's lifetime and restored by finish() (or the destructor).
//
// Thread: the redirect is process-wide: anything any thread writes to the descriptor meanwhile is captured
// too; keep captures short and serialized (callers hold their own lock). A capture that cannot be set up
// (no temporary file) captures nothing and leaves the descriptor alone.
#pragma once

#include <string>
#include <vector>

namespace peregrine {

class OutputCapture {
public:
    explicit OutputCapture(int fd);
    ~OutputCapture();
    OutputCapture(const OutputCapture&) = delete;
    OutputCapture& operator=(const OutputCapture&) = delete;

    // Restores the descriptor and returns the non-empty lines written, trimmed, oldest first (idempotent).
    // echo: also write the captured text to the restored descriptor.
    const std::vector<std::string>& finish(bool echo = false);

private:
    int m_fd;
    int m_saved = -1;
    int m_capture = -1;
    bool m_finished = false;
    std::vector<std::string> m_lines;
};

}  // namespace peregrine
