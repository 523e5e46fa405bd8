// DeepThinkClient: the inference thread's connection to the deep-think endpoint (DeepThinkRouter decides
// when a question goes there). The OpenAiBackend is opened on the first deep-think request, not before: with
// deep think off, or on but unused, the process opens no network socket. It is kept for later requests and
// opened again when the endpoint (URL, model, key, stall timeout) changes.
//
// DeepThinkCancelWatch: a running remote answer must stop at once on the stop button or a barge-in, also
// while the remote model is still computing and no token callback runs. The watch polls the request's
// cancel flag on a small thread of its own and passes a set flag on to OpenAiBackend::requestCancel().
//
// Thread: DeepThinkClient on the inference thread only (it owns an HttpStreamClient, see http_stream.h).
// A DeepThinkCancelWatch lives for one chat() on that thread; its own thread only reads the flag and calls
// the thread-safe requestCancel(). Cost: one thread per remote answer, joined within 20 ms of its end.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "backends/openai_backend.h"
#include "core/status.h"

namespace peregrine {

class DeepThinkClient {
public:
    DeepThinkClient() = default;
    ~DeepThinkClient();
    DeepThinkClient(const DeepThinkClient&) = delete;
    DeepThinkClient& operator=(const DeepThinkClient&) = delete;

    // The backend for endpoint, opened now when none is open for it (a GET {url}/models of at most
    // endpoint.probeTimeoutMs names the model). An error only for a URL that cannot work. The pointer stays
    // valid until the next call or the client's destruction.
    Result<OpenAiBackend*> backendFor(const OpenAiEndpoint& endpoint);

    // Whether a backend (and so its network thread) exists: false until the first deep-think request.
    bool isOpen() const { return m_backend != nullptr; }

private:
    std::unique_ptr<OpenAiBackend> m_backend;
    OpenAiEndpoint m_endpoint;  // what m_backend was opened for
};

class DeepThinkCancelWatch {
public:
    // flag: the request's cancel flag (may be null: then nothing is watched). backend must outlive the watch.
    DeepThinkCancelWatch(std::shared_ptr<std::atomic<bool>> flag, OpenAiBackend& backend);
    ~DeepThinkCancelWatch();  // stops and joins the watching thread
    DeepThinkCancelWatch(const DeepThinkCancelWatch&) = delete;
    DeepThinkCancelWatch& operator=(const DeepThinkCancelWatch&) = delete;

    static constexpr int kPollMs = 20;

private:
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_done = false;
    std::thread m_thread;
};

}  // namespace peregrine
