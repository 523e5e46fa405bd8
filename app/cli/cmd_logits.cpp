// peregrine-cli logits: evaluates prompts and writes the golden-output JSON of the conformance kit
// (../shared/conformance/golden/*.json): tokens, top-5 per position, last logits, 32 greedy tokens and
// their text. --chat wraps each prompt in the model's chat template with the kit's system message.
#include <algorithm>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "cli/arg_parser.h"
#include "backends/genie/genie_json.h"
#include "cli/commands.h"
#include "model/model_info.h"
#include "runtime/session.h"
#include "tokenizer/tokenizer.h"

namespace peregrine::cli {

namespace {

const char* const kSystemPrompt = "You are a helpful in-cab assistant.";

std::string jsonString(std::string_view s) {
    std::string out;
    genie::appendJsonString(std::string(s), out);
    return out;
}

std::string jsonInts(const std::vector<int32_t>& v) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + std::to_string(v[i]);
    return out + "]";
}

std::string fmt(float x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.5f", x);
    return buf;
}

}  // namespace

int cmdLogits(const Args& args) {
    ArgParser p({"-m", "--model", "-p", "--prompt", "--out", "-o", "-t", "--threads"}, {"--chat"});
    const char* usage = "usage: peregrine-cli logits -m MODEL -p TEXT [--chat] --out FILE.json\n";
    if (!p.parse(args) || !p.value("-m", "--model") || !p.value("-p", "--prompt") ||
        !p.value("--out", "-o")) {
        std::fprintf(stderr, "peregrine-cli logits: %s\n%s",
                     p.error().empty() ? "-m, -p and --out are required" : p.error().c_str(), usage);
        return 2;
    }
    SessionOptions so;
    if (auto t = p.intValue(p.has("-t") ? "-t" : "--threads")) so.threads = static_cast<int>(*t);
    auto loaded = Session::load(*p.value("-m", "--model"), so);
    if (!loaded) {
        std::fprintf(stderr, "peregrine-cli logits: %s\n", loaded.message().c_str());
        return 1;
    }
    Session& session = **loaded;
    const Tokenizer& tok = session.tokenizer();
    const std::string prompt = *p.value("-p", "--prompt");
    const bool chat = p.has("--chat");
    std::string text = prompt;
    if (chat) {
        const ChatMessage msgs[] = {{"system", kSystemPrompt}, {"user", prompt}};
        text = applyChatTemplate(session.info().chatFamily, msgs, true);
    }
    const std::vector<int32_t> tokens = tok.encode(text, tok.addBosDefault(), true);
    auto logits = session.evaluate(tokens);
    if (!logits) {
        std::fprintf(stderr, "peregrine-cli logits: %s\n", logits.message().c_str());
        return 1;
    }
    const int nVocab = session.info().nVocab;
    std::vector<int32_t> greedy;
    GenerateOptions go;
    go.maxTokens = 32;
    go.sampling.temperature = 0.0f;
    auto stats = session.generate(tokens, go, [&](std::string_view, int32_t t) {
        if (t >= 0) greedy.push_back(t);
        return true;
    });
    if (!stats) {
        std::fprintf(stderr, "peregrine-cli logits: %s\n", stats.message().c_str());
        return 1;
    }

    std::string out = "{\n \"n_vocab\": " + std::to_string(nVocab) + ",\n \"cases\": [\n";
    out += "  {\"prompt\": " + jsonString(prompt) + ", \"chat\": " + (chat ? "true" : "false") + ",\n";
    out += "   \"tokens\": " + jsonInts(tokens) + ",\n   \"top5_per_position\": [";
    std::vector<int32_t> order(static_cast<size_t>(nVocab));
    for (size_t pos = 0; pos < tokens.size(); ++pos) {
        const float* row = logits->data() + pos * static_cast<size_t>(nVocab);
        std::iota(order.begin(), order.end(), 0);
        std::partial_sort(
            order.begin(), order.begin() + std::min(5, nVocab), order.end(),
            [&](int32_t a, int32_t b) { return row[a] > row[b] || (row[a] == row[b] && a < b); });
        out += pos ? ", [" : "[";
        for (int k = 0; k < std::min(5, nVocab); ++k)
            out += (k ? ",[" : "[") + std::to_string(order[k]) + "," + fmt(row[order[k]]) + "]";
        out += "]";
    }
    out += "],\n   \"last_logits\": [";
    const float* last = logits->data() + (tokens.size() - 1) * static_cast<size_t>(nVocab);
    for (int i = 0; i < nVocab; ++i) out += (i ? "," : "") + fmt(last[i]);
    out += "],\n   \"greedy32\": " + jsonInts(greedy) + ",\n";
    std::string greedyText;  // token pieces concatenated, as llama.cpp's golden files
    for (int32_t t : greedy) greedyText += tok.piece(t);
    out += "   \"greedy32_text\": " + jsonString(greedyText) + "}\n ]\n}\n";

    const std::string path = *p.value("--out", "-o");
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f || std::fwrite(out.data(), 1, out.size(), f) != out.size() || std::fclose(f) != 0) {
        std::fprintf(stderr, "peregrine-cli logits: cannot write %s\n", path.c_str());
        return 1;
    }
    std::fprintf(stderr, "wrote %zu positions of %d logits to %s\n", tokens.size(), nVocab, path.c_str());
    return 0;
}

}  // namespace peregrine::cli
