// TimerScheduler: fires the timers and reminders of the timers table on time, and at start announces the
// ones that came due while the app was off (a restart, a power cut) and marks them missed.
//   fired:  "Your 5 minute timer is done." / "Reminder: check the load straps."
//   missed: "While I was off, your timer for the load straps was due at 14:05."
// Each is marked in the database (fired / missed) before alert() is emitted, so a crash right after never
// repeats it. The wall clock is read every pollMs (default 250 ms; a timer fires at most that late), from
// ToolContext::clock, so tests inject time.
// Thread: lives on the tools thread (the CLI: its main thread); start() there. alert() is connected queued to
// VoiceLoop::announce and to the screen's banner.
#pragma once

#include <QObject>
#include <QTimer>

#include "tools/tool_store.h"

namespace peregrine::tools {

class TimerScheduler : public QObject {
    Q_OBJECT
public:
    explicit TimerScheduler(ToolContext context, QObject* parent = nullptr);

    void setPollInterval(int ms) { m_poll.setInterval(ms); }
    // The text said when a timer fires or was missed (public for the tests and the CLI).
    static QString firedText(const TimerRecord& timer);
    static QString missedText(const TimerRecord& timer);

public slots:
    // Announces and marks the missed timers, then polls. Call once, on this object's thread.
    void start();
    void stop() { m_poll.stop(); }
    // Fires what is due now (the poll calls it; tests call it after moving the fake clock).
    void check();

signals:
    // missed: a timer that came due while the app was off. id: the timers row.
    void alert(const QString& text, qint64 id, bool missed);

private:
    ToolContext m_context;
    QTimer m_poll;
};

}  // namespace peregrine::tools
