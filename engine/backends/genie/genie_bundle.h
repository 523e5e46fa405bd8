// GenieBundle: what Peregrine reads from a Qualcomm Genie bundle folder before handing it to libGenie:
// genie_config.json with every file it names made absolute (Genie resolves relative paths against the
// process's working directory; Qualcomm's sample apps substitute absolute paths the same way), the files
// checked to exist, and the chat template family of the bundle's model.
//
// Thread: any. Cost: reads genie_config.json, tokenizer_config.json and, when needed, scans tokenizer.json.
#pragma once

#include <string>

#include "core/status.h"
#include "tokenizer/chat_template.h"

namespace peregrine::genie {

struct GenieBundle {
    std::string dir;         // the bundle folder (absolute)
    std::string configPath;  // its genie_config.json
    std::string configJson;  // the config as given to GenieDialogConfig_createFromJson (absolute paths)
    ChatFamily family = ChatFamily::ChatML;
    std::string familySource;  // where the family came from ("tokenizer_config.json chat_template", ...)
    std::string bos;           // text that starts a fresh dialog ("<|begin_of_text|>" for Llama 3; "" none)
    int contextSize = 0;       // context.size
    int nVocab = 0;            // context.n-vocab
    std::string name;          // the folder's name
};

// True when `path` is a bundle folder (holds genie_config.json) or a genie_config.json file.
bool isGenieBundlePath(const std::string& path);

// Errors name the file and what is wrong: "no genie_config.json in DIR", "genie_config.json: line 3: ...",
// "genie_config.json names engine.model.binary.ctx-bins 'x.bin', which is not in DIR".
Result<GenieBundle> readGenieBundle(const std::string& path);

}  // namespace peregrine::genie
