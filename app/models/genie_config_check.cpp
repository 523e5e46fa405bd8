#include "models/genie_config_check.h"

#include <QJsonArray>
#include <QSet>
#include <QStringList>

namespace peregrine {

namespace {

// One object of genie_config.json: the keys libGenie accepts there and those it requires. Sections listed
// as children are checked recursively; other object-valued keys (lade, spd, lora, ...) get only the
// version rule, which applies everywhere.
struct Section {
    const char* name;  // dotted path without array indices: "dialog.engine.backend.QnnHtp"
    QStringList allowed;
    QStringList mandatory;
};

const QList<Section>& schema() {
    static const QList<Section> s = {
        {"", {"dialog"}, {"dialog"}},
        {"dialog",
         {"version", "type", "accumulator-size", "ssd-q1", "lade", "spd", "multistream", "eaglet",
          "stop-sequence", "max-num-tokens", "context", "tokenizer", "sampler", "engine", "embedding",
          "debug"},
         {"version", "type", "context", "tokenizer", "engine"}},
        {"dialog.context",
         {"version", "bos-token", "eos-token", "eot-token", "size", "n-vocab", "draft-n-vocab", "pad-token",
          "n-embd", "img-token"},
         {"version", "bos-token", "eos-token", "size", "n-vocab"}},
        {"dialog.sampler",
         {"version", "seed", "temp", "top-k", "top-p", "type", "greedy", "callback-name"},
         {"version"}},
        {"dialog.tokenizer", {"version", "path"}, {"version", "path"}},
        {"dialog.engine",
         {"version", "backend", "model", "n-threads", "role", "longcontext"},
         {"version", "backend", "model", "n-threads"}},
        {"dialog.engine.backend",
         {"version", "type", "extensions", "QnnHtp", "QnnGenAiTransformer"},
         {"version", "type"}},
        {"dialog.engine.backend.QnnHtp",
         {"version", "spill-fill-bufsize", "mmap-budget", "use-mmap", "pos-id-dim", "shared-engine",
          "cpu-mask", "poll", "kv-dim", "batch-size", "kv-update-method", "allow-async-init", "rope-theta",
          "enable-graph-switching", "graph-switching-lora-policy", "weight-shared-lora",
          "skip-lora-validation"},
         {"version", "spill-fill-bufsize", "mmap-budget", "use-mmap", "cpu-mask", "poll"}},
        {"dialog.engine.backend.QnnGenAiTransformer",
         {"version", "use-mmap", "kv-quantization", "n-logits", "n-layer", "n-embd", "n-heads", "n-kv-heads",
          "model-input", "shared-engine"},
         {"version"}},
        {"dialog.engine.model",
         {"version", "type", "binary", "library", "positional-encoding", "draft-token-map"},
         {"version", "type"}},
        {"dialog.engine.model.binary", {"version", "ctx-bins", "lora"}, {"version", "ctx-bins"}},
        {"dialog.engine.model.library", {"version", "model-bin", "lora"}, {"version", "model-bin"}},
        {"dialog.engine.model.positional-encoding", {"type", "rope-dim", "rope-theta", "rope-scaling"}, {}},
        {"dialog.engine.model.positional-encoding.rope-scaling",
         {"rope-type", "factor", "low-freq-factor", "high-freq-factor", "original-max-position-embeddings",
          "time-step", "spatial-merge-size", "dim", "extrapolation-factor", "attn-factor", "beta-fast",
          "beta-slow", "short-factor", "long-factor", "mrope-section"},
         {}},
    };
    return s;
}

const Section* findSection(const QString& name) {
    for (const Section& s : schema())
        if (QLatin1String(s.name) == name) return &s;
    return nullptr;
}

// Allowed values of enumerated keys, by "section.key".
QStringList allowedValues(const QString& key) {
    if (key == QLatin1String("dialog.type"))
        return {"basic", "kv-share", "ssd-q1", "lade", "spd", "multistream", "eaglet"};
    if (key == QLatin1String("dialog.engine.backend.type"))
        return {"QnnHtp", "QnnGenAiTransformer", "QnnGpu"};
    if (key == QLatin1String("dialog.engine.model.type")) return {"binary", "library"};
    if (key == QLatin1String("dialog.engine.model.positional-encoding.rope-scaling.rope-type"))
        return {"llama3", "default", "longrope", "qwen2vl-mrope", "qwen3vl-mrope", "yarnrope", "huanyuan"};
    return {};
}

class Checker {
public:
    explicit Checker(const QString& file) : m_file(file) {}
    QList<VerifyIssue> issues;

    void object(const QJsonObject& o, const QString& section, const QString& shown) {
        const Section* s = findSection(section);
        if (s) {
            for (const QString& k : s->mandatory)
                if (!o.contains(k))
                    error(QStringLiteral("%1: '%2' is missing the required key '%3'")
                              .arg(m_file, label(shown), k));
        }
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString key = it.key();
            const QString path = join(section, key), shownPath = join(shown, key);
            if (s && !s->allowed.contains(key)) {
                error(QStringLiteral("%1: unknown key '%2' (this board's Genie rejects the whole config: "
                                     "ERROR_JSON_SCHEMA)")
                          .arg(m_file, shownPath));
                continue;
            }
            if (key == QLatin1String("version") && !(it.value().isDouble() && it.value().toDouble() == 1.0))
                error(QStringLiteral(
                          "%1: '%2' is %3; this board's Genie accepts only version 1 (ERROR_JSON_VALUE)")
                          .arg(m_file, shownPath, valueText(it.value())));
            if (const QStringList values = allowedValues(path);
                !values.isEmpty() && !values.contains(it.value().toString()))
                error(QStringLiteral("%1: '%2' is %3; this board's Genie knows %4")
                          .arg(m_file, shownPath, valueText(it.value()), values.join(QStringLiteral(", "))));
            if (path == QLatin1String("dialog.engine.model.binary.ctx-bins")) ctxBins(it.value(), shownPath);
            child(it.value(), path, shownPath);
        }
    }

private:
    void child(const QJsonValue& v, const QString& path, const QString& shown) {
        if (v.isObject()) object(v.toObject(), path, shown);
        if (v.isArray() && path == QLatin1String("dialog.engine")) {  // several engines (draft + target)
            const QJsonArray a = v.toArray();
            for (qsizetype i = 0; i < a.size(); ++i)
                object(a[i].toObject(), path, shown + QStringLiteral("[%1]").arg(i));
        }
    }
    void ctxBins(const QJsonValue& v, const QString& shown) {
        bool ok = v.isArray() && !v.toArray().isEmpty();
        for (const QJsonValue& e : v.toArray()) ok = ok && e.isString();
        if (!ok) error(QStringLiteral("%1: '%2' must be a non-empty array of file names").arg(m_file, shown));
    }
    void error(const QString& message) {
        issues << VerifyIssue{
            IssueClass::InvalidBundleConfig, Severity::Error, message,
            QStringLiteral("fix the file, or re-export the bundle with the QAIRT this board runs")};
    }
    static QString join(const QString& a, const QString& b) {
        return a.isEmpty() ? b : a + QLatin1Char('.') + b;
    }
    static QString label(const QString& s) { return s.isEmpty() ? QStringLiteral("(top level)") : s; }
    static QString valueText(const QJsonValue& v) {
        if (v.isString()) return QLatin1Char('"') + v.toString() + QLatin1Char('"');
        if (v.isDouble()) return QString::number(v.toDouble());
        if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        return QStringLiteral("not a number");
    }
    QString m_file;
};

}  // namespace

QList<VerifyIssue> checkGenieConfig(const QJsonObject& root, const QString& fileLabel) {
    Checker c(fileLabel);
    c.object(root, QString(), QString());
    return c.issues;
}

QList<VerifyIssue> checkHtpExtensionsConfig(const QJsonObject& root, const QString& fileLabel) {
    static const QStringList kKnownArch = {"v68", "v69", "v73", "v75", "v79", "v81"};
    QList<VerifyIssue> issues;
    const QJsonArray devices = root.value(QStringLiteral("devices")).toArray();
    for (const QJsonValue& d : devices) {
        const QString arch = d.toObject().value(QStringLiteral("dsp_arch")).toString();
        if (arch.isEmpty()) continue;
        if (!kKnownArch.contains(arch)) {
            issues << VerifyIssue{
                IssueClass::InvalidBundleConfig, Severity::Error,
                QStringLiteral("%1: dsp_arch '%2' is unknown to this runtime (the bundle was likely "
                               "exported for a newer QAIRT)")
                    .arg(fileLabel, arch),
                QStringLiteral("re-export the bundle for this board's QAIRT and Hexagon version")};
        } else if (arch == QLatin1String("v68") || arch == QLatin1String("v69")) {
            issues << VerifyIssue{
                IssueClass::InvalidBundleConfig, Severity::Warning,
                QStringLiteral("%1: dsp_arch %2 is below Genie's documented LLM floor (v73)")
                    .arg(fileLabel, arch),
                QStringLiteral("expect the bundle to fail or run slowly on this NPU")};
        }
    }
    return issues;
}

}  // namespace peregrine
