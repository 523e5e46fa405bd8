#include "ui/frame_stats.h"

#include <QQuickWindow>
#include <algorithm>
#include <cmath>

namespace peregrine {

QString FrameIntervalSummary::text() const {
    return QStringLiteral("frames=%1 p50=%2 ms p90=%3 ms p99=%4 ms max=%5 ms")
        .arg(frames)
        .arg(p50Ms, 0, 'f', 1)
        .arg(p90Ms, 0, 'f', 1)
        .arg(p99Ms, 0, 'f', 1)
        .arg(maxMs, 0, 'f', 1);
}

double percentile(const QList<double>& sorted, double p) {
    if (sorted.isEmpty()) return 0;
    const auto n = static_cast<double>(sorted.size());
    const auto rank = static_cast<qsizetype>(std::ceil(p / 100.0 * n));
    return sorted.at(std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1));
}

FrameIntervalSummary summarizeIntervals(QList<double> intervalsMs) {
    std::sort(intervalsMs.begin(), intervalsMs.end());
    FrameIntervalSummary s;
    s.frames = static_cast<int>(intervalsMs.size());
    s.p50Ms = percentile(intervalsMs, 50);
    s.p90Ms = percentile(intervalsMs, 90);
    s.p99Ms = percentile(intervalsMs, 99);
    s.maxMs = intervalsMs.isEmpty() ? 0 : intervalsMs.last();
    return s;
}

FrameStats::FrameStats(QQuickWindow* window, QObject* parent) : QObject(parent) {
    m_clock.start();
    connect(window, &QQuickWindow::frameSwapped, this, &FrameStats::onFrameSwapped, Qt::DirectConnection);
}

void FrameStats::start() {
    QMutexLocker lock(&m_mutex);
    m_intervalsMs.clear();
    m_lastNs = -1;
    m_recording = true;
}

void FrameStats::stop() {
    QMutexLocker lock(&m_mutex);
    m_recording = false;
}

void FrameStats::onFrameSwapped() {
    const qint64 now = m_clock.nsecsElapsed();
    QMutexLocker lock(&m_mutex);
    if (!m_recording) return;
    if (m_lastNs >= 0) m_intervalsMs.append(static_cast<double>(now - m_lastNs) / 1e6);
    m_lastNs = now;
}

FrameIntervalSummary FrameStats::summary() const {
    return summarizeIntervals(intervalsMs());
}

QList<double> FrameStats::intervalsMs() const {
    QMutexLocker lock(&m_mutex);
    return m_intervalsMs;
}

}  // namespace peregrine
