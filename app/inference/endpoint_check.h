// Whether an OpenAI-compatible server answers at all, before the app switches to it: one GET {url}/models.
// Any HTTP answer (200, 404 from a server without /models, 401 without a key) counts as reachable; only a
// failed connection or silence does not. The switcher uses it so a dead endpoint is refused while the
// previous model keeps answering, instead of failing the first question.
//
// Thread: any thread except the client's own (blocks the caller; see HttpStreamClient). Needs a
// QCoreApplication. Cost: one connection, at most timeoutMs of waiting.
#pragma once

#include <string>

#include "core/status.h"

namespace peregrine {

// Errors: "cannot reach the server at URL: connection refused" (or "host not found", ...), "the server at
// URL did not answer within N s".
Status checkEndpointReachable(const std::string& url, int timeoutMs);

}  // namespace peregrine
