// ToolRunner: calls run on the tools thread (never the caller's), results come back with the caller's turn;
// the spoken confirmation flow (yes / anything else / silence) for a tool that needs one, as a vehicle
// device's tool would declare it.
#include <QSignalSpy>
// Signals come from the tools thread: the spies record them there, so the tests wait for a count (a signal
// may be recorded before a wait() would start).
#include <QtTest>

#include "tools/tool_json.h"
#include "tools/tool_runner.h"
#include "tools/tool_set.h"

using namespace peregrine::tools;

namespace {
// A heater as the vehicle helper would write it: only switching on asks first; the prompt is the runner's.
class FakeHeater : public Tool {
public:
    QString name() const override { return QStringLiteral("switch_heater"); }
    QString description() const override { return QStringLiteral("Switches the cabin heater."); }
    QJsonObject parameters() const override { return objectSchema({{"state", enumSchema({"on", "off"})}}); }
    bool needsConfirmation(const QJsonObject& a) const override { return a.value("state") == "on"; }
    ToolResult invoke(const QJsonObject& a) override {
        ++calls;
        thread = QThread::currentThread();
        return okResult(QStringLiteral("Heater %1.").arg(a.value("state").toString()));
    }
    std::atomic<int> calls{0};
    std::atomic<QThread*> thread{nullptr};
};
}  // namespace

class TestToolRunner : public QObject {
    Q_OBJECT

    FakeHeater* m_heater = nullptr;
    std::unique_ptr<ToolService> m_service;

    ToolResult lastResult(QSignalSpy& spy) { return spy.last().at(2).value<ToolResult>(); }

private slots:
    void init() {
        auto registry = std::make_unique<ToolRegistry>();
        auto heater = std::make_unique<FakeHeater>();
        m_heater = heater.get();
        registry->addTool(std::move(heater));
        buildToolRegistry(*registry, ToolEnvironment{});
        m_service = std::make_unique<ToolService>(std::move(registry), ToolContext{});
        m_service->start();
    }
    void cleanup() { m_service.reset(); }

    void runsOnToolsThread() {
        QSignalSpy done(m_service->runner(), &ToolRunner::finished);
        m_service->runner()->submit(7, {"switch_heater", {{"state", "off"}}});
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 5000);
        QCOMPARE(done.last().at(0).toInt(), 7);
        QCOMPARE(lastResult(done).say, QStringLiteral("Heater off."));
        QVERIFY(m_heater->thread != QThread::currentThread());
        QCOMPARE(m_heater->thread.load(), m_service->runner()->thread());
    }

    void unknownTool() {
        QSignalSpy done(m_service->runner(), &ToolRunner::finished);
        m_service->runner()->submit(1, {"launch_rocket", {}});
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 5000);
        QVERIFY(!lastResult(done).ok);
        QCOMPARE(lastResult(done).say, QStringLiteral("I have no tool called launch_rocket."));
    }

    void confirmedByYes() {
        ToolRunner* runner = m_service->runner();
        QSignalSpy done(runner, &ToolRunner::finished);
        runner->submit(1, {"switch_heater", {{"state", "on"}}});
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 5000);
        QCOMPARE(lastResult(done).say, QStringLiteral("Switch heater on? Say yes to confirm."));
        QCOMPARE(lastResult(done).data["status"].toString(), QStringLiteral("awaiting_confirmation"));
        QVERIFY(runner->awaitingConfirmation());
        QCOMPARE(m_heater->calls.load(), 0);
        QMetaObject::invokeMethod(runner, [runner] { runner->answerConfirmation(2, "Yes, do it."); });
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 5000);
        QCOMPARE(done.last().at(0).toInt(), 2);
        QCOMPARE(lastResult(done).say, QStringLiteral("Heater on."));
        QCOMPARE(m_heater->calls.load(), 1);
        QVERIFY(!runner->awaitingConfirmation());
    }

    void cancelledByAnythingElse() {
        ToolRunner* runner = m_service->runner();
        QSignalSpy done(runner, &ToolRunner::finished);
        runner->submit(1, {"switch_heater", {{"state", "on"}}});
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 5000);
        QMetaObject::invokeMethod(runner, [runner] { runner->answerConfirmation(2, "no wait"); });
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 5000);
        QCOMPARE(lastResult(done).say, QStringLiteral("Cancelled."));
        QCOMPARE(m_heater->calls.load(), 0);
        QVERIFY(!runner->awaitingConfirmation());
    }

    void cancelledBySilence() {
        ToolRunner* runner = m_service->runner();
        QMetaObject::invokeMethod(
            runner, [runner] { runner->setConfirmationTimeout(1000); }, Qt::BlockingQueuedConnection);
        QSignalSpy notice(runner, &ToolRunner::notice);
        QSignalSpy done(runner, &ToolRunner::finished);
        runner->submit(1, {"switch_heater", {{"state", "on"}}});
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 5000);
        QVERIFY(runner->awaitingConfirmation());
        QTRY_COMPARE_WITH_TIMEOUT(notice.size(), 1, 5000);
        QCOMPARE(notice.last().at(0).toString(), QStringLiteral("Cancelled."));
        QVERIFY(!runner->awaitingConfirmation());
        QCOMPARE(m_heater->calls.load(), 0);
    }

    void confirmationWords() {
        for (const char* yes : {"yes", "Yes.", "confirm", "do it", "yes please", "go ahead"})
            QVERIFY2(ToolRunner::isConfirmation(yes), yes);
        for (const char* no : {"no", "yes no", "don't do it", "", "what"})
            QVERIFY2(!ToolRunner::isConfirmation(no), no);
    }
};

QTEST_GUILESS_MAIN(TestToolRunner)
#include "tst_tool_runner.moc"
