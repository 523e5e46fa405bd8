// The part of llama.cpp's C API (llama.h, 2026: llama.cpp release used by node-llama-cpp 3.21.1) that the
// llama.cpp backend calls, declared here so that Peregrine builds without llama.cpp and loads the user's
// libllama.so at run time. Written from the facts of that header (field order, types, defaults); every
// function is a pointer resolved with dlsym. A library whose structs differ is detected by
// checkParamLayouts() (see llama_library.cpp), not trusted.
#pragma once

#include <cstddef>
#include <cstdint>

namespace peregrine::llamacpp {

using Token = int32_t;
using Pos = int32_t;
using SeqId = int32_t;
struct Model;    // llama_model
struct Context;  // llama_context
struct Vocab;    // llama_vocab
struct Sampler;  // llama_sampler
struct MemoryI;  // llama_memory_i
using Memory = MemoryI*;

// llama_model_params: pointers, then the ints/enums, then the booleans kept together at the end.
struct ModelParams {
    void* devices;
    const void* tensorBuftOverrides;
    int32_t nGpuLayers;  // < 0: all layers on the GPU (when the build has one)
    int32_t splitMode;
    int32_t loadMode;
    int32_t lazyMode;
    int32_t mainGpu;
    const float* tensorSplit;
    bool (*progressCallback)(float progress, void* userData);
    void* progressCallbackUserData;
    const void* kvOverrides;
    bool vocabOnly;
    bool checkTensors;
    bool useExtraBufts;
    bool noHost;
    bool noAlloc;
    bool loadMtp;
};

// llama_context_params.
struct ContextParams {
    uint32_t nCtx;
    uint32_t nBatch;
    uint32_t nUbatch;
    uint32_t nSeqMax;
    uint32_t nRsSeq;
    uint32_t nOutputsMax;
    uint32_t nOutputsMaxPerSeq;
    int32_t nThreads;
    int32_t nThreadsBatch;
    int32_t ctxType;
    int32_t ropeScalingType;
    int32_t poolingType;
    int32_t attentionType;
    int32_t flashAttnType;
    float ropeFreqBase;
    float ropeFreqScale;
    float yarnExtFactor;
    float yarnAttnFactor;
    float yarnBetaFast;
    float yarnBetaSlow;
    uint32_t yarnOrigCtx;
    float defragThold;
    void* cbEval;
    void* cbEvalUserData;
    int32_t typeK;
    int32_t typeV;
    bool (*abortCallback)(void* data);
    void* abortCallbackData;
    bool embeddings;
    bool offloadKqv;
    bool noPerf;
    bool opOffload;
    bool swaFull;
    bool kvUnified;
    void* samplers;
    size_t nSamplers;
    Context* ctxOther;
};

struct SamplerChainParams {
    bool noPerf;
};

struct LlamaChatMessage {
    const char* role;
    const char* content;
};

// llama_batch (returned by value from llama_batch_get_one, passed by value to llama_decode).
struct Batch {
    int32_t nTokens;
    Token* token;
    float* embd;
    Pos* pos;
    int32_t* nSeqId;
    SeqId** seqId;
    int8_t* logits;
};

enum LogLevel : int { LogNone = 0, LogDebug = 1, LogInfo = 2, LogWarn = 3, LogError = 4, LogCont = 5 };
using LogCallback = void (*)(int level, const char* text, void* userData);

// Every entry point the backend uses. Filled by LlamaLibrary::open(); all non-null once it succeeds
// (version is optional: older libraries lack llama_version).
struct Api {
    void (*backendInit)();
    void (*logSet)(LogCallback, void*);
    const char* (*version)();  // may be null
    const char* (*printSystemInfo)();
    void (*ggmlBackendLoadAllFromPath)(const char* dir);
    void (*ggmlBackendLoadAll)();
    size_t (*ggmlBackendDevCount)();

    ModelParams (*modelDefaultParams)();
    ContextParams (*contextDefaultParams)();
    SamplerChainParams (*samplerChainDefaultParams)();

    Model* (*modelLoadFromFile)(const char* path, ModelParams params);
    void (*modelFree)(Model*);
    Context* (*initFromModel)(Model*, ContextParams params);
    void (*free)(Context*);
    uint32_t (*nCtx)(const Context*);
    Memory (*getMemory)(const Context*);
    bool (*memorySeqRm)(Memory, SeqId, Pos p0, Pos p1);
    void (*memoryClear)(Memory, bool data);
    const Vocab* (*modelGetVocab)(const Model*);
    int32_t (*modelNCtxTrain)(const Model*);
    uint64_t (*modelNParams)(const Model*);
    int32_t (*modelMetaValStr)(const Model*, const char* key, char* buf, size_t size);
    int32_t (*modelDesc)(const Model*, char* buf, size_t size);
    const char* (*modelChatTemplate)(const Model*, const char* name);
    int32_t (*chatApplyTemplate)(const char* tmpl, const LlamaChatMessage* chat, size_t nMsg, bool addAss,
                                 char* buf, int32_t length);
    int32_t (*vocabNTokens)(const Vocab*);
    bool (*vocabIsEog)(const Vocab*, Token);
    int32_t (*tokenize)(const Vocab*, const char* text, int32_t textLen, Token* tokens, int32_t nTokensMax,
                        bool addSpecial, bool parseSpecial);
    int32_t (*tokenToPiece)(const Vocab*, Token, char* buf, int32_t length, int32_t lstrip, bool special);
    Batch (*batchGetOne)(Token* tokens, int32_t nTokens);
    int32_t (*decode)(Context*, Batch batch);
    void (*setNThreads)(Context*, int32_t nThreads, int32_t nThreadsBatch);

    Sampler* (*samplerChainInit)(SamplerChainParams);
    void (*samplerChainAdd)(Sampler* chain, Sampler* sampler);
    Sampler* (*samplerInitGreedy)();
    Sampler* (*samplerInitDist)(uint32_t seed);
    Sampler* (*samplerInitTopK)(int32_t k);
    Sampler* (*samplerInitTopP)(float p, size_t minKeep);
    Sampler* (*samplerInitMinP)(float p, size_t minKeep);
    Sampler* (*samplerInitTemp)(float t);
    Sampler* (*samplerInitPenalties)(int32_t nVocab, int32_t lastN, float repeat, float freq, float present);
    Token (*samplerSample)(Sampler*, Context*, int32_t idx);
    void (*samplerFree)(Sampler*);
};

}  // namespace peregrine::llamacpp
