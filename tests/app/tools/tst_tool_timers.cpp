// Timers, reminders and notes against a real SQLite file with an injected wall clock: set, list, cancel,
// fire on time (not before), missed while off, rows that survive reopening; notes added, read, deleted.
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "storage/database.h"
#include "tools/note_tools.h"
#include "tools/timer_scheduler.h"
#include "tools/timer_tools.h"
#include "tools/tool_set.h"

using namespace peregrine;
using namespace peregrine::tools;

class TestToolTimers : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QDateTime m_now;
    ToolContext m_context;
    QString dbPath() const { return m_dir->path() + "/peregrine.db"; }

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        m_now = QDateTime(QDate(2026, 12, 6), QTime(14, 0), Qt::UTC);
        m_context.store = std::make_shared<ToolStore>(dbPath());
        m_context.clock = [this] { return m_now; };
    }

    void setTimerWritesRowBeforeAnswering() {
        SetTimerTool set(m_context, false);
        const ToolResult r = set.invoke({{"amount", 5}, {"unit", "minutes"}});
        QVERIFY2(r.ok, qPrintable(r.say));
        QCOMPARE(r.say, QStringLiteral("Timer set for 5 minutes."));
        // Another connection (another process after a power cut) sees the committed row.
        Database db;
        QVERIFY(db.open(dbPath()));
        const auto rows = db.timers();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].dueAt, m_now.addSecs(300));
        QCOMPARE(rows[0].state, QStringLiteral("pending"));
        QCOMPARE(rows[0].durationMs, qint64(300000));
    }

    void rejectsBadDurations() {
        SetTimerTool set(m_context, false);
        QVERIFY(!set.invoke({{"amount", 0}, {"unit", "minutes"}}).ok);
        QVERIFY(!set.invoke({{"amount", 5}, {"unit", "fortnights"}}).ok);
        QVERIFY(!set.invoke({{"amount", 192}, {"unit", "hours"}}).ok);  // 8 days: over a week
        QVERIFY(m_context.store->timers().isEmpty());
        QVERIFY(set.invoke({{"amount", 8}, {"unit", "hours"}}).ok);
        QCOMPARE(m_context.store->timers().size(), 1);
    }

    void firesOnTimeNotBefore() {
        SetTimerTool set(m_context, false);
        QVERIFY(set.invoke({{"amount", 90}, {"unit", "seconds"}}).ok);
        TimerScheduler scheduler(m_context);
        QSignalSpy alerts(&scheduler, &TimerScheduler::alert);
        scheduler.start();
        QCOMPARE(alerts.size(), 0);
        m_now = m_now.addSecs(89);
        scheduler.check();
        QCOMPARE(alerts.size(), 0);
        m_now = m_now.addSecs(1);
        scheduler.check();
        QCOMPARE(alerts.size(), 1);
        QCOMPARE(alerts[0][0].toString(), QStringLiteral("Your 1 minute 30 second timer is done."));
        QCOMPARE(alerts[0][2].toBool(), false);
        scheduler.check();  // fired once only
        QCOMPARE(alerts.size(), 1);
        QCOMPARE(m_context.store->timers("fired").size(), 1);
        QCOMPARE(m_context.store->timers("fired")[0].finishedAt, m_now);
    }

    void missedWhileOff() {
        SetTimerTool remind(m_context, true);
        QVERIFY(remind.invoke({{"text", "check the load straps"}, {"amount", 40}, {"unit", "minutes"}}).ok);
        SetTimerTool set(m_context, false);
        QVERIFY(set.invoke({{"amount", 2}, {"unit", "hours"}, {"label", "the pasta"}}).ok);
        const QDateTime due = m_now.addSecs(40 * 60);
        m_now = m_now.addSecs(3600);  // the app was off for an hour
        TimerScheduler scheduler(m_context);
        QSignalSpy alerts(&scheduler, &TimerScheduler::alert);
        scheduler.start();
        QCOMPARE(alerts.size(), 1);
        QCOMPARE(alerts[0][0].toString(),
                 QStringLiteral("While I was off, your reminder to check the load straps was due at %1.")
                     .arg(spokenTime(due)));
        QVERIFY(alerts[0][2].toBool());
        QCOMPARE(m_context.store->timers("missed").size(), 1);
        QCOMPARE(m_context.store->timers("pending").size(), 1);  // the pasta is still running
        m_now = m_now.addSecs(3600);
        scheduler.check();
        QCOMPARE(alerts.size(), 2);
        QCOMPARE(alerts[1][0].toString(), QStringLiteral("Your timer for the pasta is done."));
    }

    void listAndCancel() {
        SetTimerTool set(m_context, false);
        QVERIFY(set.invoke({{"amount", 10}, {"unit", "minutes"}}).ok);
        QVERIFY(set.invoke({{"amount", 1}, {"unit", "hours"}, {"label", "tea"}}).ok);
        ListTimersTool list(m_context);
        m_now = m_now.addSecs(60);
        ToolResult r = list.invoke({});
        QCOMPARE(r.say,
                 QStringLiteral("You have 2 timers: the 10 minute timer with 9 minutes left, the timer "
                                "for tea with 59 minutes left."));
        QCOMPARE(r.data["timers"].toArray().size(), 2);
        CancelTimerTool cancel(m_context);
        r = cancel.invoke({{"label", "tea"}});
        QCOMPARE(r.say, QStringLiteral("Cancelled your timer for tea."));
        r = cancel.invoke({});
        QCOMPARE(r.say, QStringLiteral("Cancelled your 10 minute timer."));
        QCOMPARE(list.invoke({}).say, QStringLiteral("There is no timer running."));
        QCOMPARE(m_context.store->timers("cancelled").size(), 2);
    }

    void notes() {
        AddNoteTool add(m_context);
        ReadNotesTool read(m_context);
        DeleteNoteTool del(m_context);
        m_now = m_now.addDays(-1);
        QVERIFY(add.invoke({{"text", "tyre pressure low"}}).ok);
        m_now = m_now.addDays(1);
        const ToolResult r = add.invoke({{"text", "reefer alarm went off at mile 212"}});
        QCOMPARE(r.say, QStringLiteral("Noted: reefer alarm went off at mile 212."));
        const ToolResult today = read.invoke({{"range", "today"}});
        QCOMPARE(today.data["notes"].toArray().size(), 1);
        QVERIFY2(today.say.contains("reefer alarm"), qPrintable(today.say));
        QCOMPARE(read.invoke({{"range", "all"}}).data["notes"].toArray().size(), 2);
        QCOMPARE(read.invoke({{"range", "last"}, {"count", 1}}).data["notes"].toArray()[0].toObject()["text"],
                 QJsonValue("reefer alarm went off at mile 212"));
        QVERIFY(del.needsConfirmation({}));
        QCOMPARE(del.confirmationPrompt({}),
                 QStringLiteral("Delete the note \"reefer alarm went off at mile 212\"?"));
        QCOMPARE(del.invoke({}).say, QStringLiteral("Deleted the note: reefer alarm went off at mile 212."));
        QCOMPARE(read.invoke({{"range", "all"}}).data["notes"].toArray().size(), 1);
        QVERIFY(!del.invoke({{"id", 999}}).ok);
    }

    void unreachableDatabase() {
        ToolContext broken = m_context;
        broken.store = std::make_shared<ToolStore>(QStringLiteral("/proc/peregrine/none.db"));
        const ToolResult r = SetTimerTool(broken, false).invoke({{"amount", 5}, {"unit", "minutes"}});
        QVERIFY(!r.ok);
        QVERIFY2(r.say.startsWith("I can't reach the timer store"), qPrintable(r.say));
    }

    void registryAndDateTime() {
        ToolRegistry registry;
        ToolEnvironment env;
        env.context = m_context;
        buildToolRegistry(registry, env);
        QStringList names;
        for (const Tool* t : registry.tools()) names << t->name();
        for (const char* n :
             {"set_timer", "set_reminder", "cancel_timer", "list_timers", "add_note", "read_notes",
              "delete_note", "convert_units", "date_time", "board_state", "what_can_you_do"})
            QVERIFY2(names.contains(n), n);
        const auto call = registry.matchCommand("remind me to set a timer in five minutes");
        QVERIFY(call && call->name == "set_reminder");
        const ToolResult now = registry.find("date_time")->invoke({});
        QVERIFY2(now.say.contains(m_now.toLocalTime().toString("HH:mm")), qPrintable(now.say));
        const ToolResult what = registry.find("what_can_you_do")->invoke({});
        QVERIFY(what.say.contains("convert units") && what.say.contains("set a timer for five minutes"));
        auto cache = std::make_shared<BoardStateCache>();
        cache->setTemperature(61.4, "warm");
        cache->setModel("Llama 3.2 1B");
        cache->setDecodeSpeed(12.25);
        QCOMPARE(
            BoardStateTool(cache).invoke({}).say,
            QStringLiteral("The board is at 61 degrees (warm), the model is Llama 3.2 1B and the last answer "
                           "ran at 12.25 tokens a second."));
    }
};

QTEST_GUILESS_MAIN(TestToolTimers)
#include "tst_tool_timers.moc"
