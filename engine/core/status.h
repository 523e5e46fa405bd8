// Errors are data at the engine API: every fallible call returns Status or Result<T> with a message that a
// user can read (what is wrong and where). No exceptions cross the engine boundary.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace peregrine {

class Status {
public:
    Status() = default;  // ok
    static Status ok() { return Status(); }
    static Status error(std::string message) {
        Status s;
        s.m_ok = false;
        s.m_message = std::move(message);
        return s;
    }
    bool isOk() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const std::string& message() const { return m_message; }

private:
    bool m_ok = true;
    std::string m_message;
};

// Either a value or an error Status (never an ok Status without a value).
template <typename T>
class Result {
public:
    Result(T value) : m_v(std::move(value)) {}       // NOLINT(google-explicit-constructor)
    Result(Status error) : m_v(std::move(error)) {}  // NOLINT(google-explicit-constructor)
    bool isOk() const { return m_v.index() == 0; }
    explicit operator bool() const { return isOk(); }
    T& value() & { return std::get<0>(m_v); }
    const T& value() const& { return std::get<0>(m_v); }
    T&& value() && { return std::get<0>(std::move(m_v)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    Status status() const { return isOk() ? Status::ok() : std::get<1>(m_v); }
    const std::string& message() const {
        static const std::string empty;
        return isOk() ? empty : std::get<1>(m_v).message();
    }

private:
    std::variant<T, Status> m_v;
};

}  // namespace peregrine
