// Model ids as the switcher, the worker, the models page and the stored runs spell them: an absolute,
// clean file path ("/models/llama-3.2-1b.gguf"), or "openai:<base URL>" for the OpenAI-compatible server
// of inference.endpoint (backend_factory.h: isEndpointModelId, backendKindFor). Qt helpers over that
// spelling, so no caller runs a URL through QFileInfo. Thread: any; cost: string work only.
#pragma once

#include <QString>

namespace peregrine {

// "openai:" + url (url may be "": the entry of an endpoint that is not set).
QString endpointModelId(const QString& url);
bool isEndpointId(const QString& id);
// The base URL of an endpoint id ("" for a file path or an unset endpoint).
QString endpointUrlOf(const QString& id);
// The one spelling compared everywhere: a file path made absolute and clean; an endpoint id unchanged.
QString normalizedModelId(const QString& id);
// What messages call the model: the file name, or "host:port" of an endpoint ("the endpoint" when unset).
QString modelIdLabel(const QString& id);
// The models page's and status bar's name of an endpoint model: "<model> at <host:port>" ("the server's
// model at ..." when model is "").
QString endpointModelName(const QString& model, const QString& id);

}  // namespace peregrine
