// HeadlessRunner: the app's built-in test automation (--ask, --screenshot, --quit-after-answer,
// --frame-stats, --timeout). Once the model is ready it sends the question, records frame intervals while the
// answer streams, checks the answer was stored in the database, saves a screenshot of the window
// (QQuickWindow::grabWindow) and quits with an exit code:
//   0 an answer was produced and stored;  1 no answer (load failure, error, empty, not stored);
//   2 the screenshot could not be saved;  3 timed out.
// With --screenshot and no --ask it captures the window once start-up settled (model loaded or not found).
// Thread: UI thread. Not owned objects (window, app) must outlive it.
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include "storage/records.h"
#include "ui/frame_stats.h"

class QQuickWindow;

namespace peregrine {

class AppController;

struct HeadlessOptions {
    QString ask;
    QString screenshotPath;
    bool quitAfterAnswer = false;
    bool frameStats = false;
    int timeoutSec = 600;
    int settleMs = 600;  // wait after the answer (or start-up) before the screenshot
};

class HeadlessRunner : public QObject {
    Q_OBJECT
public:
    HeadlessRunner(QQuickWindow* window, AppController* app, const HeadlessOptions& options,
                   QObject* parent = nullptr);

    bool active() const;
    void start();

private:
    void onModelReady();
    void onAnswer(qint64 messageId, bool stored, StopReason stopReason);
    void onLoadFailed(const QString& path, const QString& reason);
    void settleThenFinish(int exitCode);
    void finish(int exitCode);
    bool verifyStored(const QList<MessageRecord>& rows, qint64 messageId);

    QQuickWindow* m_window;
    AppController* m_app;
    HeadlessOptions m_options;
    FrameStats m_frames;
    QTimer m_timeout;
    bool m_asked = false;
    bool m_finishing = false;
};

}  // namespace peregrine
