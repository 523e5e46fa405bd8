#include "lists/backend_name.h"

#include <QObject>

namespace peregrine {

QString backendDisplayName(const QString& kind) {
    if (kind.isEmpty() || kind == QLatin1String("native")) return QObject::tr("native engine");
    if (kind == QLatin1String("llamacpp")) return QStringLiteral("llama.cpp");
    if (kind == QLatin1String("openai")) return QObject::tr("OpenAI-compatible server");
    if (kind == QLatin1String("genie")) return QStringLiteral("Genie");
    if (kind == QLatin1String("rkllm")) return QStringLiteral("RKLLM");
    return kind;
}

}  // namespace peregrine
