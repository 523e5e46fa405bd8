// FrameStats: records the intervals between frames a QQuickWindow swaps while recording is on, to show the
// UI keeps rendering while an answer is generated. Thread: the window's GUI thread (frameSwapped is
// connected with Qt::DirectConnection and only stores a timestamp, so it is safe from the render thread too).
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>

class QQuickWindow;

namespace peregrine {

struct FrameIntervalSummary {
    int frames = 0;  // intervals measured
    double p50Ms = 0, p90Ms = 0, p99Ms = 0, maxMs = 0;
    QString text() const;  // "frames=412 p50=16.1 ms p90=17.0 ms p99=21.4 ms max=33.0 ms"
};

// Percentile of sorted values by nearest rank (p in 0..100); 0 for an empty list.
double percentile(const QList<double>& sorted, double p);
FrameIntervalSummary summarizeIntervals(QList<double> intervalsMs);

class FrameStats : public QObject {
    Q_OBJECT
public:
    explicit FrameStats(QQuickWindow* window, QObject* parent = nullptr);

    void start();  // clears and records
    void stop();
    FrameIntervalSummary summary() const;
    QList<double> intervalsMs() const;

private:
    void onFrameSwapped();

    QElapsedTimer m_clock;
    mutable QMutex m_mutex;
    bool m_recording = false;
    qint64 m_lastNs = -1;
    QList<double> m_intervalsMs;
};

}  // namespace peregrine
