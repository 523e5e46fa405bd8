// Minimal option parser for the CLI subcommands: "-m FILE", "--temp 0.5", "--chat" flags, positionals.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace peregrine::cli {

class ArgParser {
public:
    // valueOptions: options that take a value (e.g. {"-m", "--model", "-p"}); flagOptions: booleans.
    ArgParser(std::set<std::string> valueOptions, std::set<std::string> flagOptions)
        : m_valueOptions(std::move(valueOptions)), m_flagOptions(std::move(flagOptions)) {}

    // Returns false and sets error() on an unknown option or a missing value.
    bool parse(const std::vector<std::string>& args);
    const std::string& error() const { return m_error; }

    bool has(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
    std::optional<std::string> value(const std::string& name, const std::string& alias) const;
    const std::vector<std::string>& positionals() const { return m_positionals; }

    // Numeric values: nullopt when absent; sets error() and returns nullopt when not a number.
    std::optional<long long> intValue(const std::string& name);
    std::optional<double> doubleValue(const std::string& name);

private:
    std::set<std::string> m_valueOptions;
    std::set<std::string> m_flagOptions;
    std::vector<std::pair<std::string, std::string>> m_values;
    std::set<std::string> m_flags;
    std::vector<std::string> m_positionals;
    std::string m_error;
};

}  // namespace peregrine::cli
