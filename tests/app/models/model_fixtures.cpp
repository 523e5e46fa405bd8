#include "model_fixtures.h"

#include <cstring>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "synth/synth_model.h"

namespace fixtures {

bool writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

static QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeTinyModel(const QString& path, QString* error) {
    if (QFileInfo(path).size() > 0) return true;
    QDir().mkpath(QFileInfo(path).absolutePath());
    const auto shape = peregrine::synthShape("tiny");
    if (!shape) {
        *error = QStringLiteral("no 'tiny' synth shape");
        return false;
    }
    peregrine::SynthOptions options;
    options.threads = 2;
    auto r = peregrine::synthesizeModel(*shape, peregrine::SynthType::Q8_0, path.toStdString(), options);
    if (!r) *error = QString::fromStdString(r.message());
    return r.isOk();
}

QString goodModel(const QString& dir) {
    const QString stories = QStringLiteral(PEREGRINE_CONFORMANCE_DIR "/models/stories260K.gguf");
    if (QFileInfo::exists(stories)) return stories;
    const QString tiny = dir + QStringLiteral("/tiny-good.gguf");
    QString error;
    return writeTinyModel(tiny, &error) ? tiny : QString();
}

QString sha256Of(const QString& path) {
    return QString::fromLatin1(QCryptographicHash::hash(readAll(path), QCryptographicHash::Sha256).toHex());
}

bool writeSidecar(const QString& modelPath, const QByteArray& yaml) {
    const QFileInfo fi(modelPath);
    return writeFile(fi.dir().filePath(fi.completeBaseName() + QStringLiteral(".peregrine.yaml")), yaml);
}

bool corruptedCopy(const QString& src, const QString& dst) {
    QByteArray bytes = readAll(src);
    if (bytes.size() < 1024) return false;
    for (qsizetype i = bytes.size() - 512; i < bytes.size() - 256; ++i)
        bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
    return writeFile(dst, bytes) &&
           writeSidecar(dst, "name: Corrupted copy\nsha256: " + sha256Of(src).toLatin1() + "\n");
}

bool truncatedCopy(const QString& src, const QString& dst, qint64 cut) {
    const QByteArray bytes = readAll(src);
    return bytes.size() > cut && writeFile(dst, bytes.left(bytes.size() - cut));
}

bool writeGarbage(const QString& path) {
    QByteArray bytes;
    for (int i = 0; i < 4096; ++i) bytes.append(static_cast<char>((i * 131 + 7) & 0xff));
    return writeFile(path, "<html>404 Not Found</html>" + bytes);
}

bool writeUnknownArchitecture(const QString& path) {
    peregrine::GgufWriter w;
    w.setString("general.architecture", "mamba");
    w.setString("general.name", "Mamba fixture");
    w.setUint32("mamba.block_count", 1);
    std::vector<uint8_t> data(64 * 4, 0);
    if (!w.addTensor("token_embd.weight", peregrine::GgmlType::F32, {64}, data)) return false;
    return w.write(path.toStdString()).isOk();
}

bool copyWithUnsupportedType(const QString& src, const QString& dst, const QString& tensor) {
    auto file = peregrine::GgufFile::open(src.toStdString());
    if (!file) return false;
    peregrine::GgufWriter w;
    for (const auto& kv : (*file)->metadata())
        if (!w.setValue(std::string(kv.key), kv.value)) return false;
    for (const auto& t : (*file)->tensors()) {
        std::vector<int64_t> ne(t.ne, t.ne + t.nDims);
        if (QString::fromUtf8(t.name.data(), static_cast<qsizetype>(t.name.size())) == tensor) {
            const size_t bytes = peregrine::ggmlRowBytes(peregrine::GgmlType::IQ4_NL, t.ne[0]) * t.rows();
            if (!w.addTensor(std::string(t.name), peregrine::GgmlType::IQ4_NL, ne,
                             std::vector<uint8_t>(bytes, 0)))
                return false;
        } else if (!w.addTensor(std::string(t.name), t.type, ne,
                                std::vector<uint8_t>(t.data, t.data + t.nBytes))) {
            return false;
        }
    }
    return w.write(dst.toStdString()).isOk();
}

bool copyWithPreTokenizer(const QString& src, const QString& dst, const std::string& pre) {
    auto file = peregrine::GgufFile::open(src.toStdString());
    if (!file) return false;
    peregrine::GgufWriter w;
    for (const auto& kv : (*file)->metadata())
        if (!w.setValue(std::string(kv.key), kv.value)) return false;
    w.setString("tokenizer.ggml.pre", pre);
    for (const auto& t : (*file)->tensors())
        if (!w.addTensor(std::string(t.name), t.type, std::vector<int64_t>(t.ne, t.ne + t.nDims),
                         std::vector<uint8_t>(t.data, t.data + t.nBytes)))
            return false;
    return w.write(dst.toStdString()).isOk();
}

bool copyWithBadEosId(const QString& src, const QString& dst) {
    auto file = peregrine::GgufFile::open(src.toStdString());
    if (!file) return false;
    peregrine::GgufWriter w;
    for (const auto& kv : (*file)->metadata())
        if (!w.setValue(std::string(kv.key), kv.value)) return false;
    w.setUint32("tokenizer.ggml.eos_token_id", 1000000);  // far outside any vocabulary
    for (const auto& t : (*file)->tensors())
        if (!w.addTensor(std::string(t.name), t.type, std::vector<int64_t>(t.ne, t.ne + t.nDims),
                         std::vector<uint8_t>(t.data, t.data + t.nBytes)))
            return false;
    return w.write(dst.toStdString()).isOk();
}

bool copyWithNaNNorm(const QString& src, const QString& dst) {
    QByteArray bytes = readAll(src);
    auto file = peregrine::GgufFile::open(src.toStdString());
    if (!file) return false;
    const peregrine::GgufTensorInfo* t = (*file)->tensor("blk.0.attn_norm.weight");
    if (!t || t->type != peregrine::GgmlType::F32) return false;
    const qsizetype at = static_cast<qsizetype>((*file)->dataOffset() + t->offset) + 4 * 3;
    const uint32_t nan = 0x7FC00000u;
    std::memcpy(bytes.data() + at, &nan, 4);
    return writeFile(dst, bytes);
}

bool writeGenieBundle(const QString& dir, const GenieOptions& o) {
    QJsonArray bins;
    for (int i = 1; i <= o.ctxBins; ++i) {
        const QString name = QStringLiteral("llama_v3_2_3b_part_%1_of_%2.bin").arg(i).arg(o.ctxBins);
        bins << name;
        if (i != o.missingBin && !writeFile(dir + QLatin1Char('/') + name, QByteArray(1024 * i, 'b')))
            return false;
    }
    QJsonObject htp{
        {"version", 1}, {"use-mmap", true},   {"spill-fill-bufsize", 0}, {"mmap-budget", 0},
        {"poll", true}, {"cpu-mask", "0xe0"}, {"kv-dim", 128},           {"allow-async-init", false}};
    if (!o.extraQnnHtpKey.isEmpty()) htp.insert(o.extraQnnHtpKey, true);
    const QJsonObject ropeScaling{{"rope-type", "llama3"},
                                  {"factor", 8},
                                  {"low-freq-factor", 1},
                                  {"high-freq-factor", 4},
                                  {"original-max-position-embeddings", 8192}};
    const QJsonObject engine{
        {"version", 1},
        {"n-threads", 3},
        {"backend", QJsonObject{{"version", 1},
                                {"type", "QnnHtp"},
                                {"QnnHtp", htp},
                                {"extensions", "htp_backend_ext_config.json"}}},
        {"model", QJsonObject{{"version", 1},
                              {"type", "binary"},
                              {"binary", QJsonObject{{"version", 1}, {"ctx-bins", bins}}},
                              {"positional-encoding", QJsonObject{{"type", "rope"},
                                                                  {"rope-dim", 64},
                                                                  {"rope-theta", 500000},
                                                                  {"rope-scaling", ropeScaling}}}}}};
    const QJsonObject dialog{
        {"version", 1},
        {"type", "basic"},
        {"context", QJsonObject{{"version", o.contextVersion},
                                {"size", 4096},
                                {"n-vocab", 128256},
                                {"bos-token", 128000},
                                {"eos-token", QJsonArray{128001, 128008, 128009}}}},
        {"sampler", QJsonObject{{"version", 1}, {"seed", 42}, {"temp", 0.8}, {"top-k", 40}, {"top-p", 0.95}}},
        {"tokenizer", QJsonObject{{"version", 1}, {"path", "tokenizer.json"}}},
        {"engine", engine}};
    const QJsonObject ext{
        {"devices",
         QJsonArray{QJsonObject{
             {"soc_model", 43},
             {"dsp_arch", o.dspArch},
             {"cores", QJsonArray{QJsonObject{
                           {"core_id", 0}, {"perf_profile", "burst"}, {"rpc_control_latency", 100}}}}}}},
        {"memory", QJsonObject{{"mem_type", "shared_buffer"}}},
        {"context", QJsonObject{{"weight_sharing_enabled", true}}}};
    QByteArray sidecar = "name: Llama 3.2 3B (Genie fixture)\nlicense: llama3.2\n";
    if (!o.compiledWith.isEmpty())
        sidecar += "runtime: {name: qairt, version: \"" + o.compiledWith.toLatin1() + "\"}\n";
    return writeFile(dir + QStringLiteral("/genie_config.json"),
                     QJsonDocument(QJsonObject{{"dialog", dialog}}).toJson()) &&
           writeFile(dir + QStringLiteral("/htp_backend_ext_config.json"), QJsonDocument(ext).toJson()) &&
           writeFile(dir + QStringLiteral("/tokenizer.json"), "{\"model\": {}}") &&
           writeFile(dir + QStringLiteral("/peregrine.yaml"), sidecar);
}

}  // namespace fixtures
