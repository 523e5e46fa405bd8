#include "config/yaml_file.h"

#include <QFile>
#include <QFileInfo>

namespace peregrine::config_detail {

bool readYamlFile(const QString& path, YAML::Node* root, QString* error) {
    QFile file(path);
    if (QFileInfo(path).isDir()) {
        *error = path + QStringLiteral(": cannot read (it is a folder)");
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + QStringLiteral(": cannot read (") + file.errorString() + QLatin1Char(')');
        return false;
    }
    const QByteArray bytes = file.readAll();
    try {
        *root = YAML::Load(bytes.toStdString());
        return true;
    } catch (const YAML::Exception& e) {
        *error = QStringLiteral("%1:%2: YAML syntax error: %3")
                     .arg(path)
                     .arg(e.mark.line >= 0 ? e.mark.line + 1 : 1)
                     .arg(QString::fromStdString(e.msg));
    } catch (const std::exception& e) {
        *error = path + QStringLiteral(": YAML syntax error: ") + QString::fromLocal8Bit(e.what());
    }
    return false;
}

ConfigRawValue rawValue(const YAML::Node& node) {
    ConfigRawValue v;
    try {
        switch (node.Type()) {
            case YAML::NodeType::Scalar:
                v.kind = ConfigRawValue::Kind::Scalar;
                v.text = QString::fromStdString(node.Scalar());
                break;
            case YAML::NodeType::Sequence:
                v.kind = ConfigRawValue::Kind::List;
                for (const YAML::Node& item : node) {
                    if (item.IsScalar())
                        v.items << QString::fromStdString(item.Scalar());
                    else
                        v.nested = true;
                }
                break;
            case YAML::NodeType::Map:
                v.kind = ConfigRawValue::Kind::Map;
                break;
            default:
                v.kind = ConfigRawValue::Kind::Null;
        }
    } catch (const std::exception&) {
        v.kind = ConfigRawValue::Kind::Null;
    }
    return v;
}

int lineOf(const YAML::Node& node) {
    try {
        const int line = node.Mark().line;
        return line >= 0 ? line + 1 : 0;
    } catch (const std::exception&) {
        return 0;
    }
}

}  // namespace peregrine::config_detail
