// Vendor runtime versions: what a bundle was compiled for and what this board runs.
//
// The board's Qualcomm QAIRT version comes, in order, from the environment (PEREGRINE_QAIRT_VERSION), the
// config key runtimes.qairt.version, then the libraries themselves: the QNN backend's build id
// (QnnInterface_getProviders -> backendGetBuildId, "v2.40.1.250...": the QAIRT release) and, failing that,
// libGenie's API version mapped through the releases we know (runtimes.md §1.5). The Rockchip RKLLM runtime
// has no version call, so only PEREGRINE_RKLLM_VERSION / runtimes.rkllm.version give it.
// Thread: any; detection dlopen()s shared libraries (milliseconds; once per process is enough).
#pragma once

#include <QString>
#include <optional>

namespace peregrine {

struct RuntimeVersion {
    int major = 0;
    int minor = 0;
    int patch = 0;
    bool hasPatch = false;  // "2.42" vs "2.42.0": kept for messages

    // Accepts "2.42", "2.42.0", "v2.43.0.260127150333_193827", "2.45.0.260326" (a build suffix after the
    // third number is ignored). nullopt for anything else.
    static std::optional<RuntimeVersion> parse(const QString& text);
    // "2.42" when the patch is 0 or absent, else "2.40.1".
    QString display() const;
    QString majorMinor() const { return QStringLiteral("%1.%2").arg(major).arg(minor); }
    int compare(const RuntimeVersion& other) const;  // <0, 0, >0 over (major, minor, patch)
};

// Where a board version came from, for messages ("from PEREGRINE_QAIRT_VERSION").
struct BoardRuntime {
    QString name;  // "qairt", "rkllm"
    std::optional<RuntimeVersion> version;
    QString source;  // "PEREGRINE_QAIRT_VERSION", "config runtimes.qairt.version", "libQnnHtp.so build id
                     // v2.40.1.2501...", "libGenie.so API 1.13.0"; "" when unknown
    QString detail;  // extra facts (libGenie API version) even when another source won
};

struct BoardRuntimes {
    BoardRuntime qairt;
    BoardRuntime rkllm;
};

// configQairt / configRkllm: the values of runtimes.qairt.version / runtimes.rkllm.version ("" = unset).
// probeLibraries = false skips dlopen (tests). An unparsable override is reported in source and ignored.
BoardRuntimes detectBoardRuntimes(const QString& configQairt = {}, const QString& configRkllm = {},
                                  bool probeLibraries = true);

// The library probes on their own (nullopt when the library or symbol is absent).
std::optional<QString> qnnBackendBuildId();       // "v2.40.1.250..." from libQnnHtp.so (or libQnnCpu.so)
std::optional<RuntimeVersion> genieApiVersion();  // Genie_getApi{Major,Minor,Patch}Version of libGenie.so
// QAIRT release of a libGenie API version we have seen paired (1.13 -> 2.40, 1.17 -> 2.45); nullopt else.
std::optional<RuntimeVersion> qairtForGenieApi(const RuntimeVersion& genieApi);

}  // namespace peregrine
