// peregrine-cli tokenize -m MODEL [--no-bos] [--no-parse-special] [--file F.inp] [TEXT...]
//   TEXT: prints the token ids of the text on one line (BOS per the model unless --no-bos; special-token text
//         such as "<|eot_id|>" parsed as specials unless --no-parse-special).
//   --file F.inp: a llama.cpp vocab test input (texts separated by "\n__ggml_vocab_test__\n"); prints one
//   line
//         per text in the .out format (each id preceded by a space; no BOS, specials not parsed), so the
//         output can be compared with `diff` against the matching .out file.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/arg_parser.h"
#include "cli/commands.h"
#include "gguf/gguf_file.h"
#include "tokenizer/tokenizer.h"

namespace peregrine::cli {

namespace {

void printIds(const std::vector<int32_t>& ids) {
    std::string line;
    for (int32_t id : ids) line += " " + std::to_string(id);
    std::printf("%s\n", line.c_str());
}

int tokenizeFile(const Tokenizer& tokenizer, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "peregrine-cli tokenize: cannot read %s\n", path.c_str());
        return 1;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string content = ss.str();
    static const std::string kSeparator = "\n__ggml_vocab_test__\n";
    size_t start = 0;
    size_t cases = 0;
    for (size_t at; (at = content.find(kSeparator, start)) != std::string::npos;
         start = at + kSeparator.size()) {
        printIds(tokenizer.encode(std::string_view(content).substr(start, at - start), false, false));
        ++cases;
    }
    if (cases == 0) {
        std::fprintf(stderr, "peregrine-cli tokenize: %s has no __ggml_vocab_test__ separators\n",
                     path.c_str());
        return 1;
    }
    return 0;
}

}  // namespace

int cmdTokenize(const Args& args) {
    ArgParser parser({"-m", "--model", "--file"}, {"--no-bos", "--no-parse-special"});
    if (!parser.parse(args)) {
        std::fprintf(stderr, "peregrine-cli tokenize: %s\n", parser.error().c_str());
        return 2;
    }
    const auto model = parser.value("-m", "--model");
    const auto file = parser.value("--file");
    if (!model || (!file && parser.positionals().empty())) {
        std::fprintf(stderr,
                     "usage: peregrine-cli tokenize -m MODEL [--no-bos] [--no-parse-special] "
                     "[--file F.inp] [TEXT]\n");
        return 2;
    }

    auto gguf = GgufFile::open(*model);
    if (!gguf) {
        std::fprintf(stderr, "peregrine-cli tokenize: %s\n", gguf.message().c_str());
        return 1;
    }
    auto tokenizer = Tokenizer::fromGguf(*gguf.value());
    if (!tokenizer) {
        std::fprintf(stderr, "peregrine-cli tokenize: %s: %s\n", model->c_str(), tokenizer.message().c_str());
        return 1;
    }
    const Tokenizer& t = *tokenizer.value();
    if (file) return tokenizeFile(t, *file);

    std::string text;
    for (const auto& p : parser.positionals()) text += (text.empty() ? "" : " ") + p;
    const bool addBos = t.addBosDefault() && !parser.has("--no-bos");
    printIds(t.encode(text, addBos, !parser.has("--no-parse-special")));
    return 0;
}

}  // namespace peregrine::cli
