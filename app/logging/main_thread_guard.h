// MainThreadGuard: asserts a threading rule where the work is done ("no SQLite on the UI thread", "no sysfs
// read on the UI thread"). Once armed, every note() made on the application's main (UI) thread is counted,
// its name remembered and logged as a warning; notes from other threads, or while disarmed, cost one relaxed
// atomic load. The app arms its guards at start-up; single-threaded tools never do. Thread: any.
#pragma once

#include <QAnyStringView>
#include <QLoggingCategory>
#include <QMutex>
#include <QString>
#include <atomic>

namespace peregrine {

class MainThreadGuard {
public:
    // category: where a main-thread call is logged; what: its description ("SQLite called").
    MainThreadGuard(const QLoggingCategory& (*category)(), const char* what)
        : m_category(category), m_what(what) {}

    // Arms (or disarms) the guard; arming resets the count. The main thread is QCoreApplication's thread.
    void arm(bool armed);
    bool armed() const { return m_armed.load(); }
    // Calls noted on the main thread while armed, and the last one's name ("" when none).
    int count() const { return m_count.load(); }
    QString last() const;
    // Notes one call (name: what was called, shortened to 80 characters; converted only when counted).
    void note(QAnyStringView name);

private:
    const QLoggingCategory& (*m_category)();
    const char* m_what;
    std::atomic<bool> m_armed{false};
    std::atomic<int> m_count{0};
    mutable QMutex m_lastMutex;
    QString m_last;  // guarded by m_lastMutex
};

}  // namespace peregrine
