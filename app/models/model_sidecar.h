// Sidecar metadata for a model: NAME.peregrine.yaml beside a file (model.gguf -> model.peregrine.yaml, the
// model's extension dropped) or peregrine.yaml inside a bundle folder. Every key is optional:
//
//   name: Llama 3.2 3B Instruct
//   sha256: 7f3a...            # 64 hex digits of the whole file (GGUF, .rkllm); bundles: not used
//   source: https://...
//   license: llama3.2
//   notes: free text
//   runtime: {name: qairt, version: "2.42.0"}   # what a vendor bundle was compiled with
//
// A bundle exported by Qualcomm AI Hub also records its QAIRT in tool-versions.yaml (`qairt: 2.42.0`); that
// is read when the sidecar gives no runtime. Thread: any; cost: one small file read.
#pragma once

#include <QString>

namespace peregrine {

struct ModelSidecar {
    bool present = false;  // a sidecar file was found (it may still have errors)
    QString path;          // the sidecar file
    QString name, sha256, source, license, notes;
    QString runtimeName;     // "qairt", "rkllm", "" (lower case)
    QString runtimeVersion;  // as written ("2.42.0")
    QString runtimeSource;   // the file the runtime came from (sidecar or tool-versions.yaml)
    QString error;           // "FILE: line 3: ..." when the YAML does not parse or a value is invalid
};

// The sidecar path for a model file or bundle folder (whether or not it exists).
QString sidecarPathFor(const QString& modelPath, bool isBundleFolder);

// Reads the sidecar (absent: present = false, no error); for bundle folders also tool-versions.yaml.
ModelSidecar readSidecar(const QString& modelPath, bool isBundleFolder);

}  // namespace peregrine
