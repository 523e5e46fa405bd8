/* The reference for the llamacpp backend: llama.cpp driven directly through its own API (the real llama.h,
 * linked against the same libllama the backend loads), greedy. Prints the continuation of PROMPT for N tokens
 * (stopping early at end of generation) on stdout, then a newline, exactly as `peregrine-cli run` prints it.
 *   llamacpp_reference MODEL PROMPT N [THREADS] [CTX]
 * The prompt is tokenized with BOS per the vocabulary and special-token text left as text; the context is
 * min(CTX, trained context) tokens (CTX 4096 by default, the CLI's). Exit 1 when llama.cpp cannot load MODEL
 * (stderr starts with "cannot load"), 2 on bad arguments, 3 on a failure after loading. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ggml-backend.h"
#include "llama.h"

static void quiet(enum ggml_log_level level, const char* text, void* user) {
    (void)user;
    if (level == GGML_LOG_LEVEL_ERROR && getenv("PEREGRINE_LLAMACPP_LOG")) fputs(text, stderr);
}

int main(int argc, char** argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: llamacpp_reference MODEL PROMPT N [THREADS] [CTX]\n");
        return 2;
    }
    const char* prompt = argv[2];
    const int n_predict = atoi(argv[3]);
    const int threads = argc > 4 ? atoi(argv[4]) : 2;
    const int ctx_wanted = argc > 5 ? atoi(argv[5]) : 4096;

    llama_log_set(quiet, NULL);
    ggml_backend_load_all_from_path(PEREGRINE_LLAMACPP_LIBDIR);
    llama_backend_init();

    struct llama_model* model = llama_model_load_from_file(argv[1], llama_model_default_params());
    if (!model) {
        fprintf(stderr, "cannot load %s\n", argv[1]);
        return 1;
    }
    const struct llama_vocab* vocab = llama_model_get_vocab(model);
    struct llama_context_params cp = llama_context_default_params();
    const int trained = llama_model_n_ctx_train(model);
    cp.n_ctx = (uint32_t)(trained > 0 && trained < ctx_wanted ? trained : ctx_wanted);
    cp.n_threads = threads;
    cp.n_threads_batch = threads;
    cp.no_perf = true;
    struct llama_context* ctx = llama_init_from_model(model, cp);
    if (!ctx) {
        fprintf(stderr, "cannot create a context\n");
        return 3;
    }

    const int len = (int)strlen(prompt);
    int n_prompt = -llama_tokenize(vocab, prompt, len, NULL, 0, true, false);
    llama_token* tokens = malloc(sizeof(llama_token) * (size_t)(n_prompt + 1));
    if (llama_tokenize(vocab, prompt, len, tokens, n_prompt, true, false) != n_prompt) return 3;

    struct llama_sampler* sampler = llama_sampler_chain_init(llama_sampler_chain_default_params());
    llama_sampler_chain_add(sampler, llama_sampler_init_greedy());

    struct llama_batch batch = llama_batch_get_one(tokens, n_prompt);
    llama_token next;
    for (int i = 0; i < n_predict; ++i) {
        if (llama_decode(ctx, batch) != 0) {
            fprintf(stderr, "llama_decode failed\n");
            return 3;
        }
        next = llama_sampler_sample(sampler, ctx, -1);
        if (llama_vocab_is_eog(vocab, next)) break;
        char piece[256];
        const int n = llama_token_to_piece(vocab, next, piece, sizeof piece, 0, false);
        if (n < 0) return 3;
        fwrite(piece, 1, (size_t)n, stdout);
        batch = llama_batch_get_one(&next, 1);
    }
    printf("\n");
    llama_sampler_free(sampler);
    llama_free(ctx);
    llama_model_free(model);
    free(tokens);
    return 0;
}
