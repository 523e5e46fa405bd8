#include "models/model_sidecar.h"

#include <yaml-cpp/yaml.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace peregrine {

namespace {

// Parses a YAML file without letting a yaml-cpp exception escape. false + *error on failure.
bool loadYaml(const QString& path, YAML::Node* root, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read (%2)").arg(path, f.errorString());
        return false;
    }
    try {
        *root = YAML::Load(f.readAll().toStdString());
        return true;
    } catch (const YAML::Exception& e) {
        *error = QStringLiteral("%1:%2: YAML syntax error: %3")
                     .arg(path)
                     .arg(e.mark.line + 1)
                     .arg(QString::fromStdString(e.msg));
        return false;
    }
}

QString scalar(const YAML::Node& map, const char* key) {
    const YAML::Node n = map[key];
    return n && n.IsScalar() ? QString::fromStdString(n.Scalar()).trimmed() : QString();
}

void readRuntime(const YAML::Node& root, const QString& path, ModelSidecar& s) {
    const YAML::Node rt = root["runtime"];
    if (!rt) return;
    if (!rt.IsMap()) {
        s.error = QStringLiteral("%1: 'runtime' must be a map such as {name: qairt, version: \"2.42.0\"}")
                      .arg(path);
        return;
    }
    s.runtimeName = scalar(rt, "name").toLower();
    s.runtimeVersion = scalar(rt, "version");
    s.runtimeSource = path;
}

}  // namespace

QString sidecarPathFor(const QString& modelPath, bool isBundleFolder) {
    if (isBundleFolder) return QDir(modelPath).filePath(QStringLiteral("peregrine.yaml"));
    const QFileInfo fi(modelPath);
    return fi.dir().filePath(fi.completeBaseName() + QStringLiteral(".peregrine.yaml"));
}

ModelSidecar readSidecar(const QString& modelPath, bool isBundleFolder) {
    ModelSidecar s;
    s.path = sidecarPathFor(modelPath, isBundleFolder);
    if (QFileInfo::exists(s.path)) {
        s.present = true;
        YAML::Node root;
        if (!loadYaml(s.path, &root, &s.error)) return s;
        if (root.IsMap()) {
            s.name = scalar(root, "name");
            s.sha256 = scalar(root, "sha256").toLower();
            s.source = scalar(root, "source");
            s.license = scalar(root, "license");
            s.notes = scalar(root, "notes");
            readRuntime(root, s.path, s);
            static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
            if (!s.sha256.isEmpty() && !hex.match(s.sha256).hasMatch())
                s.error = QStringLiteral("%1: sha256 must be 64 hex digits, got '%2'").arg(s.path, s.sha256);
        } else if (!root.IsNull()) {
            s.error = QStringLiteral("%1: expected keys such as 'name:' and 'sha256:'").arg(s.path);
        }
    }
    if (isBundleFolder && s.runtimeVersion.isEmpty()) {
        // AI Hub exports: tool-versions.yaml with `qairt: 2.42.0`.
        const QString tools = QDir(modelPath).filePath(QStringLiteral("tool-versions.yaml"));
        YAML::Node root;
        QString ignored;
        if (QFileInfo::exists(tools) && loadYaml(tools, &root, &ignored) && root.IsMap()) {
            const QString v = scalar(root, "qairt");
            if (!v.isEmpty()) {
                s.runtimeName = QStringLiteral("qairt");
                s.runtimeVersion = v;
                s.runtimeSource = tools;
            }
        }
    }
    return s;
}

}  // namespace peregrine
