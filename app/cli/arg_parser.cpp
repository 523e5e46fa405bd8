#include "cli/arg_parser.h"

#include <cctype>
#include <cstdlib>

namespace peregrine::cli {

bool ArgParser::parse(const std::vector<std::string>& args) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() > 1 && a[0] == '-' &&
            !(a.size() > 1 && (std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.'))) {
            std::string name = a;
            std::optional<std::string> inlineValue;
            if (auto eq = a.find('='); eq != std::string::npos && a.rfind("--", 0) == 0) {
                name = a.substr(0, eq);
                inlineValue = a.substr(eq + 1);
            }
            if (m_flagOptions.count(name)) {
                m_flags.insert(name);
            } else if (m_valueOptions.count(name)) {
                if (inlineValue) {
                    m_values.emplace_back(name, *inlineValue);
                } else if (i + 1 < args.size()) {
                    m_values.emplace_back(name, args[++i]);
                } else {
                    m_error = "option " + name + " needs a value";
                    return false;
                }
            } else {
                m_error = "unknown option " + name;
                return false;
            }
        } else {
            m_positionals.push_back(a);
        }
    }
    return true;
}

bool ArgParser::has(const std::string& name) const {
    if (m_flags.count(name)) return true;
    for (const auto& [k, v] : m_values)
        if (k == name) return true;
    return false;
}

std::optional<std::string> ArgParser::value(const std::string& name) const {
    std::optional<std::string> last;
    for (const auto& [k, v] : m_values)
        if (k == name) last = v;
    return last;
}

std::optional<std::string> ArgParser::value(const std::string& name, const std::string& alias) const {
    auto v = value(name);
    return v ? v : value(alias);
}

std::optional<long long> ArgParser::intValue(const std::string& name) {
    auto v = value(name);
    if (!v) return std::nullopt;
    char* end = nullptr;
    long long n = std::strtoll(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0') {
        m_error = "option " + name + " needs a whole number, got '" + *v + "'";
        return std::nullopt;
    }
    return n;
}

std::optional<double> ArgParser::doubleValue(const std::string& name) {
    auto v = value(name);
    if (!v) return std::nullopt;
    char* end = nullptr;
    double d = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0') {
        m_error = "option " + name + " needs a number, got '" + *v + "'";
        return std::nullopt;
    }
    return d;
}

}  // namespace peregrine::cli
