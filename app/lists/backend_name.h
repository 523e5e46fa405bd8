// How the UI names a runtime from its short name (Backend::kind(), the benchmark_runs.backend column,
// ModelListModel's backend role): "native" -> "native engine", "llamacpp" -> "llama.cpp", "openai" ->
// "OpenAI-compatible server", "genie" -> "Genie", "rkllm" -> "RKLLM"; anything else as it is ("" -> native
// engine: runs stored before the column was filled). One table for the models page, the Benchmarks view
// and the status bar. Thread: any.
#pragma once

#include <QString>

namespace peregrine {

QString backendDisplayName(const QString& kind);

}  // namespace peregrine
