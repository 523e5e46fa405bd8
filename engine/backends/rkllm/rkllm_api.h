// The Rockchip RKLLM runtime C ABI of v1.3.0 (rkllm-runtime/Linux/librkllm_api/include/rkllm.h of
// airockchip/rknn-llm; runtimes.md section 2) as Peregrine calls it through dlopen: our own declarations
// of the struct layouts and entry points. Runtimes up to 1.2.3 take a bare result callback in rkllm_init
// (not an RKLLMCallback*) and a shorter RKLLMInferParam: they must be refused, not called.
#pragma once

#include <cstddef>
#include <cstdint>

namespace peregrine::rkllm {

using Handle = void*;

enum CallState : int { RunNormal = 0, RunWaiting = 1, RunFinish = 2, RunError = 3 };
enum InputType : int { InputPrompt = 0, InputToken = 1, InputEmbed = 2, InputMultimodal = 3 };
enum InferMode : int { InferGenerate = 0, InferLastHiddenLayer = 1, InferLogits = 2 };

struct ExtendParam {
    int32_t baseDomainId;
    int8_t embedFlash;
    int8_t enabledCpusNum;
    uint32_t enabledCpusMask;
    uint8_t nBatch;
    int8_t useCrossAttn;
    uint8_t reserved[104];
};

struct Param {
    const char* modelPath;
    int32_t maxContextLen;
    int32_t maxNewTokens;
    int32_t topK;
    int32_t nKeep;
    float topP;
    float temperature;
    float repeatPenalty;
    float frequencyPenalty;
    float presencePenalty;
    int32_t mirostat;
    float mirostatTau;
    float mirostatEta;
    bool skipSpecialToken;
    bool ignoreEosToken;  // new in 1.3.0
    bool isAsync;
    ExtendParam extendParam;
};

// The multimodal member is the largest of RKLLMInput's union: its size sets the struct's.
struct MultiModalInput {
    char* prompt;
    struct {
        float* imageEmbed;
        size_t nImageTokens, nImage;
        const char *imageStart, *imageEnd, *imageContent;
        size_t imageWidth, imageHeight;
    } image;
    struct {
        float* videoEmbed;
        size_t nFrameTokens, nFramePerVideo, nVideo;
        const char *videoStart, *videoEnd, *videoContent;
        size_t frameWidth, frameHeight;
    } video;
};

struct Input {
    const char* role;  // "user" or "tool"
    bool enableThinking;
    InputType inputType;
    union {
        const char* promptInput;
        MultiModalInput multimodalInput;
    };
};

struct SamplingParam {
    int32_t topK;
    float topP, temperature, repeatPenalty, frequencyPenalty, presencePenalty;
    int32_t mirostat;
    float mirostatTau, mirostatEta;
};

struct InferParam {
    InferMode mode;
    void* loraParams;
    void* promptCacheParams;
    SamplingParam* samplingParams;  // new in 1.3.0: overrides the init sampling for this run
    int keepHistory;                // 1: the turn stays in the KV cache
    int32_t maxNewTokens;           // new in 1.3.0: <= 0 keeps the init value
};

struct PerfStat {
    float prefillTimeMs;
    int prefillTokens;
    float generateTimeMs;
    int generateTokens;
    float memoryUsageMb;
};

struct RunResult {
    const char* text;
    int32_t tokenId;
    struct {
        const float* hiddenStates;
        int embdSize, numTokens;
    } lastHiddenLayer;
    struct {
        const float* logits;
        int vocabSize, numTokens;
    } logits;
    PerfStat perf;
};

// Returns 0 to continue, 1 to pause (resume with rkllm_run).
using ResultCallback = int (*)(RunResult* result, void* userdata, CallState state);

struct Callback {
    ResultCallback resultCallback;
    void* resultUserdata;
    void* tokenizerCallback;  // optional (models without an internal tokenizer); unused: null
    void* tokenizerUserdata;
    void* embedCallback;  // optional; unused: null
    void* embedUserdata;
};

struct Api {
    Param (*createDefaultParam)();
    int (*init)(Handle* handle, Param* param, Callback* callback);
    int (*run)(Handle handle, Input* input, InferParam* infer, void* userdata);
    int (*abort)(Handle handle);
    int (*destroy)(Handle handle);
    int (*clearKvCache)(Handle handle, int keepSystemPrompt, int* startPos, int* endPos);
    int (*isRunning)(Handle handle);  // optional
};

}  // namespace peregrine::rkllm
