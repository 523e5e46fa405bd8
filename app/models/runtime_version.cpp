#include "models/runtime_version.h"

#include <dlfcn.h>

#include <QRegularExpression>
#include <cstdint>

#include "logging/logging.h"

namespace peregrine {

namespace {

// The QNN interface layout (QnnInterface.h, QnnTypes.h): a provider carries its backend id, name and API
// versions, then the function table whose first entries are propertyHasCapability, backendCreate,
// backendSetConfig, backendGetApiVersion, backendGetBuildId. Only those leading fields are declared.
struct QnnVersion {
    uint32_t major, minor, patch;
};
struct QnnInterfaceHead {
    uint32_t backendId;
    const char* providerName;
    QnnVersion coreApiVersion;
    QnnVersion backendApiVersion;
    void* functions[5];  // [4] = backendGetBuildId
};
using GetProvidersFn = uint64_t (*)(const QnnInterfaceHead***, uint32_t*);
using GetBuildIdFn = uint64_t (*)(const char**);
using GenieVersionFn = uint32_t (*)();

// A dlopen handle closed on scope exit. RTLD_LOCAL | RTLD_LAZY: nothing leaks into the global namespace.
struct Library {
    void* handle = nullptr;
    explicit Library(const char* name) : handle(dlopen(name, RTLD_LAZY | RTLD_LOCAL)) {}
    ~Library() {
        if (handle) dlclose(handle);
    }
    void* symbol(const char* name) const { return handle ? dlsym(handle, name) : nullptr; }
};

BoardRuntime fromOverrides(const QString& name, const char* envName, const QString& configValue) {
    BoardRuntime r;
    r.name = name;
    const QString env = qEnvironmentVariable(envName).trimmed();
    const QString configKey = QStringLiteral("config runtimes.%1.version").arg(name);
    for (const auto& [value, source] :
         {std::pair{env, QString::fromLatin1(envName)}, std::pair{configValue.trimmed(), configKey}}) {
        if (value.isEmpty()) continue;
        if (auto v = RuntimeVersion::parse(value)) {
            r.version = v;
            r.source = source;
            return r;
        }
        r.detail += QStringLiteral("%1 '%2' is not a version such as 2.40.1 (ignored). ").arg(source, value);
    }
    return r;
}

}  // namespace

std::optional<RuntimeVersion> RuntimeVersion::parse(const QString& text) {
    static const QRegularExpression re(QStringLiteral(R"(^\s*v?(\d+)\.(\d+)(?:\.(\d+))?(?:[._-]\S*)?\s*$)"));
    const auto m = re.match(text);
    if (!m.hasMatch()) return std::nullopt;
    RuntimeVersion v;
    v.major = m.captured(1).toInt();
    v.minor = m.captured(2).toInt();
    v.hasPatch = m.capturedLength(3) > 0;
    v.patch = v.hasPatch ? m.captured(3).toInt() : 0;
    return v;
}

QString RuntimeVersion::display() const {
    return patch ? QStringLiteral("%1.%2.%3").arg(major).arg(minor).arg(patch) : majorMinor();
}

int RuntimeVersion::compare(const RuntimeVersion& o) const {
    if (major != o.major) return major < o.major ? -1 : 1;
    if (minor != o.minor) return minor < o.minor ? -1 : 1;
    if (patch != o.patch) return patch < o.patch ? -1 : 1;
    return 0;
}

std::optional<QString> qnnBackendBuildId() {
    for (const char* lib : {"libQnnHtp.so", "libQnnCpu.so"}) {
        Library l(lib);
        auto getProviders = reinterpret_cast<GetProvidersFn>(l.symbol("QnnInterface_getProviders"));
        if (!getProviders) continue;
        const QnnInterfaceHead** providers = nullptr;
        uint32_t count = 0;
        if (getProviders(&providers, &count) != 0 || !providers || count == 0 || !providers[0]) continue;
        auto getBuildId = reinterpret_cast<GetBuildIdFn>(providers[0]->functions[4]);
        const char* id = nullptr;
        if (getBuildId && getBuildId(&id) == 0 && id && *id) return QString::fromLatin1(id);
    }
    return std::nullopt;
}

std::optional<RuntimeVersion> genieApiVersion() {
    Library l("libGenie.so");
    auto major = reinterpret_cast<GenieVersionFn>(l.symbol("Genie_getApiMajorVersion"));
    auto minor = reinterpret_cast<GenieVersionFn>(l.symbol("Genie_getApiMinorVersion"));
    auto patch = reinterpret_cast<GenieVersionFn>(l.symbol("Genie_getApiPatchVersion"));
    if (!major || !minor || !patch) return std::nullopt;
    RuntimeVersion v;
    v.major = static_cast<int>(major());
    v.minor = static_cast<int>(minor());
    v.patch = static_cast<int>(patch());
    v.hasPatch = true;
    return v;
}

std::optional<RuntimeVersion> qairtForGenieApi(const RuntimeVersion& api) {
    struct Pair {
        int genieMajor, genieMinor;
        const char* qairt;
    };
    static const Pair kPairs[] = {{1, 13, "2.40"}, {1, 17, "2.45"}};  // runtimes.md §1.5, observed pairs
    for (const auto& p : kPairs)
        if (api.major == p.genieMajor && api.minor == p.genieMinor)
            return RuntimeVersion::parse(QString::fromLatin1(p.qairt));
    return std::nullopt;
}

BoardRuntimes detectBoardRuntimes(const QString& configQairt, const QString& configRkllm,
                                  bool probeLibraries) {
    BoardRuntimes b;
    b.qairt = fromOverrides(QStringLiteral("qairt"), "PEREGRINE_QAIRT_VERSION", configQairt);
    b.rkllm = fromOverrides(QStringLiteral("rkllm"), "PEREGRINE_RKLLM_VERSION", configRkllm);
    if (!probeLibraries) return b;

    const auto buildId = qnnBackendBuildId();
    const auto genie = genieApiVersion();
    if (genie)
        b.qairt.detail += QStringLiteral("libGenie.so API %1.%2.%3. ")
                              .arg(genie->major)
                              .arg(genie->minor)
                              .arg(genie->patch);
    if (buildId) b.qairt.detail += QStringLiteral("QNN build id %1. ").arg(*buildId);
    if (b.qairt.version) return b;  // an override wins over detection
    if (buildId) {
        if (auto v = RuntimeVersion::parse(*buildId)) {
            b.qairt.version = v;
            b.qairt.source = QStringLiteral("QNN backend build id %1").arg(*buildId);
            return b;
        }
    }
    if (genie) {
        if (auto v = qairtForGenieApi(*genie)) {
            b.qairt.version = v;
            b.qairt.source = QStringLiteral("libGenie.so API %1.%2").arg(genie->major).arg(genie->minor);
        }
    }
    qCDebug(lcModels) << "board QAIRT:"
                      << (b.qairt.version ? b.qairt.version->display() : QStringLiteral("unknown"))
                      << b.qairt.source << b.qairt.detail;
    return b;
}

}  // namespace peregrine
