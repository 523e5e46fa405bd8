// PulseRig: a private PulseAudio server that stands in for the cab's loudspeaker and microphone. Its own
// socket, HOME and runtime folder under a temporary directory; nothing of the caller's session is used.
//
//   PeregrineSpeaker (null sink "cabspk")  the app's loudspeaker
//   loopback cabspk.monitor -> cabair      the cab's air: delay (latency_msec) and gain (sink volume)
//   PeregrineMic (remap of cabair.monitor) the app's microphone
//
// The loopback runs without rate adjustment (adjust_time=0): both null sinks run on the server's one clock,
// so there is no drift to correct, and a loopback that resamples to chase its latency target would move the
// echo path under the canceller, which no cab does. Low-latency readers (parec) keep both null sinks working in small blocks. setDelayMs() reloads the
// loopback; setGainDb() sets the cab sink's volume. stop() (and the destructor) end every process the rig
// started, by its own handle. Thread: the main thread. Call start() before Qt Multimedia is first used:
// it points PULSE_SERVER at the private server.
#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <memory>
#include <vector>

namespace peregrine::bench {

class PulseRig {
public:
    PulseRig();
    ~PulseRig();

    // Empty when pulseaudio/pactl/parec are installed, else the missing commands.
    static QStringList missingTools();

    bool start();  // false with errorString()
    void stop();
    bool setDelayMs(int ms);
    bool setGainDb(double db);
    QString errorString() const { return m_error; }
    QString logTail() const;  // the server's log, last lines

private:
    bool pactl(const QStringList& args, QString* out = nullptr);
    QProcess* spawn(const QString& program, const QStringList& args);

    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    std::vector<std::unique_ptr<QProcess>> m_procs;  // server first, then the readers
    QString m_loopbackModule;
    QString m_error;
};

}  // namespace peregrine::bench
