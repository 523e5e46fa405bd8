#include "inference/model_id.h"

#include <QFileInfo>
#include <QObject>
#include <QUrl>

#include "inference/backend_factory.h"

namespace peregrine {

QString endpointModelId(const QString& url) {
    return QString::fromUtf8(kEndpointModelIdPrefix.data(), qsizetype(kEndpointModelIdPrefix.size())) +
           url.trimmed();
}

bool isEndpointId(const QString& id) {
    return isEndpointModelId(id.toStdString());
}

QString endpointUrlOf(const QString& id) {
    return isEndpointId(id) ? id.mid(qsizetype(kEndpointModelIdPrefix.size())) : QString();
}

QString normalizedModelId(const QString& id) {
    if (id.isEmpty() || isEndpointId(id)) return id;
    return QFileInfo(id).absoluteFilePath();
}

QString modelIdLabel(const QString& id) {
    if (!isEndpointId(id)) return QFileInfo(id).fileName();
    const QString url = endpointUrlOf(id);
    if (url.isEmpty()) return QObject::tr("the endpoint");
    const QUrl parsed(url);
    if (!parsed.isValid() || parsed.host().isEmpty()) return url;
    return parsed.port() > 0 ? QStringLiteral("%1:%2").arg(parsed.host()).arg(parsed.port()) : parsed.host();
}

QString endpointModelName(const QString& model, const QString& id) {
    const QString what = model.isEmpty() ? QObject::tr("the server's model") : model;
    return QObject::tr("%1 at %2").arg(what, modelIdLabel(id));
}

}  // namespace peregrine
