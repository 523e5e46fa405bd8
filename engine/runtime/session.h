// Session: one loaded model with its KV cache, ready to answer a conversation. The main engine API used by
// the CLI, bench and the app's InferenceWorker.
//
// Thread: a Session is used from one thread at a time (the inference thread); it owns the engine thread pool
// used for its matmuls. generate() blocks that thread until done or cancelled.
// Memory: weights stay mmapped and quantized; the KV cache is allocated once at load for contextLength
// tokens; no allocation per token.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/defaults.h"
#include "core/status.h"
#include "core/stop_reason.h"
#include "sampling/sampling_options.h"  // SamplingOptions
#include "tokenizer/chat_template.h"

namespace peregrine {

class Tokenizer;
struct ModelInfo;

struct SessionOptions {
    int contextLength = defaults::kContextLength;  // KV cache size in tokens (clamped to the trained one)
    int threads = 0;                               // 0: defaults::autoThreads()
    bool contextShift = true;  // keep the cache when a conversation drops its oldest turns (see generate())
};

struct GenerateOptions {
    int maxTokens = defaults::kMaxTokens;
    SamplingOptions sampling;
};

struct GenerationStats {
    int promptTokens = 0;  // tokens of the whole prompt (after any history drop)
    int reusedTokens = 0;  // prompt tokens served from the cached prefix (not recomputed)
    int generatedTokens = 0;
    double promptMs = 0;                       // time to process the new prompt tokens
    double timeToFirstTokenMs = 0;             // from generate() call to the first token's callback
    double promptTokPerSec = 0;                // new prompt tokens / promptMs
    double decodeTokPerSec = 0;                // generated tokens after the first / decode time
    int droppedMessages = 0;                   // oldest turns dropped to fit the context (system prompt kept)
    int shiftedTokens = 0;                     // cached tokens of those turns removed by a context shift
    StopReason stopReason = StopReason::None;  // EndOfText, Length, Cancelled or Context
};

// Called for every generated token with its text (complete UTF-8; may be empty while a character is
// incomplete). Return false to cancel: generation stops before the next token is computed.
// End-of-generation tokens are not passed. When bytes of an incomplete character are still held back at the
// end, one last call carries them (as U+FFFD) with token -1; its return value is ignored.
using TokenCallback = std::function<bool(std::string_view text, int32_t token)>;

class Session {
public:
    static Result<std::unique_ptr<Session>> load(const std::string& modelPath, const SessionOptions& options);
    virtual ~Session() = default;

    // Chat: applies the model's chat template to the whole conversation (system prompt first, the last
    // message from the user) and generates the assistant's answer. Reuses the KV cache for the prefix shared
    // with the previous call.
    virtual Result<GenerationStats> chat(std::span<const ChatMessage> conversation,
                                         const GenerateOptions& options, const TokenCallback& onToken) = 0;
    // Plain continuation of text (BOS per the model's tokenizer), no template.
    virtual Result<GenerationStats> complete(std::string_view prompt, const GenerateOptions& options,
                                             const TokenCallback& onToken) = 0;
    // Runs tokens from position 0 (clears the cache) and returns logits for every position, row-major
    // [tokens.size()][vocab]. For conformance and the `logits` tool.
    virtual Result<std::vector<float>> evaluate(std::span<const int32_t> tokens) = 0;
    // Generates from already tokenized input (what chat() and complete() do after rendering). Reuses the
    // cached prefix like chat(). Default: an error (for test doubles that do not implement it).
    virtual Result<GenerationStats> generate(std::span<const int32_t> promptTokens,
                                             const GenerateOptions& options, const TokenCallback& onToken);

    // Computes ahead the KV cache of a conversation whose last message is the user's words heard so far
    // (possibly empty: the system prompt and history alone), so that the chat() that follows with the whole
    // question computes only what was not heard yet. Reuses the cached prefix; words that changed roll the
    // cache back to the common prefix. The conversation is fitted to the context as chat() fits it (same
    // answerBudget). wholeQuestion: the words are taken as the finished question (the driver paused) and
    // the whole prompt is computed, its last logits kept: a chat() with exactly this conversation then starts
    // sampling at once; any other words roll back to the common prefix as usual. Returns the number of tokens
    // computed (0: all were cached). Blocks like chat(); must not run concurrently with it. Default: nothing
    // to do (0).
    virtual Result<int> prefillChat(std::span<const ChatMessage> conversation, int answerBudget,
                                    bool wholeQuestion = false);

    virtual const ModelInfo& info() const = 0;
    virtual const Tokenizer& tokenizer() const = 0;
    virtual int contextLength() const = 0;
    virtual void setThreads(int threads) = 0;  // governor lever; takes effect at the next call
    virtual void reset() = 0;                  // forget the cached conversation
    // Ok while the model file on disk is the one loaded; otherwise why not ("the model file 'x' changed on
    // disk: it was truncated while in use" / "...: it was replaced by another file"). A damaged file also
    // ends any answer with that error; a replaced one leaves this session working (reload to use the new
    // file). Cheap (two stat calls). Default: ok.
    virtual Status modelFileStatus() const { return Status::ok(); }
};

}  // namespace peregrine
