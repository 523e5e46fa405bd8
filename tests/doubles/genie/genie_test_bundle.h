// A minimal Genie bundle on disk for the backend tests: genie_config.json in the shape of Qualcomm's
// llama_v3_2_3b_instruct config (relative file names), the files it names, and optionally a
// tokenizer_config.json with a chat template.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace peregrine::test {

struct TestBundle {
    std::string tokenizerPath = "tokenizer.json";
    std::string chatTemplate;  // written to tokenizer_config.json when not empty
    std::string tokenizerText = "{\"model\": {}}";
    int bosToken = 128000;
    bool writeBins = true;
};

inline void writeText(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

inline std::filesystem::path writeTestBundle(const std::filesystem::path& dir, const TestBundle& b = {}) {
    const std::string config = R"({"dialog": {"version": 1, "type": "basic",
  "context": {"version": 1, "size": 4096, "n-vocab": 128256, "bos-token": )" +
                               std::to_string(b.bosToken) + R"(, "eos-token": [128001, 128009]},
  "sampler": {"version": 1, "seed": 42, "temp": 0.8, "top-k": 40, "top-p": 0.95},
  "tokenizer": {"version": 1, "path": ")" +
                               b.tokenizerPath + R"("},
  "engine": {"version": 1, "n-threads": 3,
    "backend": {"version": 1, "type": "QnnHtp", "extensions": "htp_backend_ext_config.json",
      "QnnHtp": {"version": 1, "use-mmap": true, "spill-fill-bufsize": 0, "mmap-budget": 0, "poll": true,
                 "cpu-mask": "0xe0", "kv-dim": 128, "allow-async-init": false}},
    "model": {"version": 1, "type": "binary",
      "binary": {"version": 1, "ctx-bins": ["m_part_1_of_2.bin", "<models_path>/m_part_2_of_2.bin"]},
      "positional-encoding": {"type": "rope", "rope-dim": 64, "rope-theta": 500000}}}}})";
    writeText(dir / "genie_config.json", config);
    writeText(dir / "htp_backend_ext_config.json", R"({"devices": [{"soc_model": 43, "dsp_arch": "v73"}]})");
    writeText(dir / "tokenizer.json", b.tokenizerText);
    if (b.writeBins) {
        writeText(dir / "m_part_1_of_2.bin", "bin1");
        writeText(dir / "m_part_2_of_2.bin", "bin2");
    }
    if (!b.chatTemplate.empty())
        writeText(dir / "tokenizer_config.json", "{\"chat_template\": \"" + b.chatTemplate + "\"}");
    return dir;
}

}  // namespace peregrine::test
