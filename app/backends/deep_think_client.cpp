#include "backends/deep_think_client.h"

#include <chrono>

namespace peregrine {

namespace {

bool sameEndpoint(const OpenAiEndpoint& a, const OpenAiEndpoint& b) {
    return a.url == b.url && a.model == b.model && a.apiKey == b.apiKey &&
           a.stallTimeoutMs == b.stallTimeoutMs && a.probeTimeoutMs == b.probeTimeoutMs;
}

}  // namespace

DeepThinkClient::~DeepThinkClient() = default;

Result<OpenAiBackend*> DeepThinkClient::backendFor(const OpenAiEndpoint& endpoint) {
    if (m_backend && sameEndpoint(endpoint, m_endpoint)) {
        return m_backend.get();
    }
    m_backend.reset();
    auto opened = openOpenAiBackend(endpoint);
    if (!opened) {
        return Status::error(opened.message());
    }
    // openOpenAiBackend() makes an OpenAiBackend; the Backend pointer is narrowed for requestCancel().
    m_backend.reset(static_cast<OpenAiBackend*>(opened->release()));
    m_endpoint = endpoint;
    return m_backend.get();
}

DeepThinkCancelWatch::DeepThinkCancelWatch(std::shared_ptr<std::atomic<bool>> flag, OpenAiBackend& backend) {
    if (!flag) {
        return;
    }
    m_thread = std::thread([this, flag = std::move(flag), &backend] {
        std::unique_lock lock(m_mutex);
        while (!m_done) {
            // Again on every poll while set: chat() clears the backend's own flag when it starts, so a stop
            // that came just before it would otherwise be lost.
            if (flag->load()) {
                backend.requestCancel();
            }
            m_wake.wait_for(lock, std::chrono::milliseconds(kPollMs));
        }
    });
}

DeepThinkCancelWatch::~DeepThinkCancelWatch() {
    if (!m_thread.joinable()) {
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_done = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

}  // namespace peregrine
