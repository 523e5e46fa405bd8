// Fixtures for the model-management tests, all built at test time in a temporary folder: one per failure
// class of the verifier (corrupted and truncated copies, garbage, unknown architecture, unsupported tensor
// type, Genie bundles with a missing ctx-bin / unknown key / bad version / newer compile version).
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <string>

namespace fixtures {

// A small valid llama model (the synthetic "tiny" shape, Q8_0, ~4.5 MB, random weights; loads and answers).
// Written once per path; returns false (and sets *error) on failure.
bool writeTinyModel(const QString& path, QString* error);

// Good model for switching tests: conformance stories260K.gguf when present, else a tiny synthetic model
// written into dir.
QString goodModel(const QString& dir);

// Copies: corrupted (same size, bytes flipped near the end, a sidecar with the ORIGINAL's sha256) and
// truncated (the last `cut` bytes removed).
bool corruptedCopy(const QString& src, const QString& dst);
bool truncatedCopy(const QString& src, const QString& dst, qint64 cut = 4096);
bool writeGarbage(const QString& path);  // bytes that are not GGUF

// GGUF with general.architecture 'mamba' (a real architecture this engine does not run).
bool writeUnknownArchitecture(const QString& path);
// Copy of src with the tensor `tensor` rewritten in IQ4_NL (a real type the engine cannot compute).
bool copyWithUnsupportedType(const QString& src, const QString& dst, const QString& tensor);
// The same model with tokenizer.ggml.pre set to `pre`.
bool copyWithPreTokenizer(const QString& src, const QString& dst, const std::string& pre);

// Copy of src whose eos_token_id lies outside the vocabulary (loading refuses it).
bool copyWithBadEosId(const QString& src, const QString& dst);
// Copy of src with a NaN in blk.0.attn_norm.weight (F32), everything else byte-identical.
bool copyWithNaNNorm(const QString& src, const QString& dst);

// Sidecar NAME.peregrine.yaml beside path with the given YAML body.
bool writeSidecar(const QString& modelPath, const QByteArray& yaml);
QString sha256Of(const QString& path);

struct GenieOptions {
    int ctxBins = 3;
    int missingBin = 0;                               // 1-based index of a ctx-bin not written (0 = none)
    QString extraQnnHtpKey;                           // an unknown key added to dialog.engine.backend.QnnHtp
    int contextVersion = 1;                           // dialog.context.version
    QString compiledWith = QStringLiteral("2.40.0");  // peregrine.yaml runtime version ("" = none)
    QString dspArch = QStringLiteral("v73");
};
// A Genie bundle folder modelled on ai-hub-apps' llama_v3_2_3b_instruct genie config.
bool writeGenieBundle(const QString& dir, const GenieOptions& options);

bool writeFile(const QString& path, const QByteArray& bytes);

}  // namespace fixtures
