#include "pulse_rig.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QThread>
#include <cmath>

namespace peregrine::bench {

PulseRig::PulseRig() = default;

PulseRig::~PulseRig() {
    stop();
}

QStringList PulseRig::missingTools() {
    QStringList missing;
    for (const char* tool : {"pulseaudio", "pactl", "parec"})
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty()) missing << tool;
    return missing;
}

QProcess* PulseRig::spawn(const QString& program, const QStringList& args) {
    auto proc = std::make_unique<QProcess>();
    proc->setProcessEnvironment(m_env);
    proc->setStandardOutputFile(QProcess::nullDevice());
    proc->setStandardErrorFile(QProcess::nullDevice());
    proc->start(program, args);
    if (!proc->waitForStarted(5000)) {
        m_error = QStringLiteral("cannot start %1").arg(program);
        return nullptr;
    }
    m_procs.push_back(std::move(proc));
    return m_procs.back().get();
}

bool PulseRig::pactl(const QStringList& args, QString* out) {
    QProcess p;
    p.setProcessEnvironment(m_env);
    p.start(QStringLiteral("pactl"), args);
    if (!p.waitForFinished(10000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = QStringLiteral("pactl %1: %2")
                      .arg(args.join(' '), QString::fromLocal8Bit(p.readAllStandardError()).trimmed());
        return false;
    }
    if (out) *out = QString::fromLocal8Bit(p.readAllStandardOutput()).trimmed();
    return true;
}

bool PulseRig::start() {
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    const QString root = m_dir.path();
    QDir().mkpath(root + "/runtime");
    QFile::setPermissions(root + "/runtime", QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QString sock = root + "/pulse.sock";
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert("HOME", root);
    m_env.insert("XDG_RUNTIME_DIR", root + "/runtime");
    m_env.insert("XDG_CONFIG_HOME", root + "/config");
    m_env.insert("PULSE_SERVER", "unix:" + sock);
    m_env.remove("DBUS_SESSION_BUS_ADDRESS");
    const QStringList args = {
        "-n",
        "--daemonize=no",
        "--exit-idle-time=-1",
        "--use-pid-file=no",
        "--disable-shm=yes",
        "--log-target=file:" + root + "/pulse.log",
        "-L",
        "module-native-protocol-unix socket=" + sock + " auth-anonymous=1",
        "-L",
        "module-null-sink sink_name=cabspk sink_properties=device.description=PeregrineSpeaker",
        "-L",
        "module-null-sink sink_name=cabair sink_properties=device.description=CabAir",
        "-L",
        "module-remap-source source_name=cabmic master=cabair.monitor "
        "source_properties=device.description=PeregrineMic"};
    if (!spawn(QStringLiteral("pulseaudio"), args)) return false;
    QElapsedTimer waited;
    waited.start();
    while (!pactl({"info"})) {
        if (waited.elapsed() > 15000) {
            m_error = QStringLiteral("PulseAudio did not start: %1").arg(logTail());
            return false;
        }
        QThread::msleep(200);
    }
    // The app's process talks to this server from now on (Qt Multimedia reads it at first use).
    qputenv("PULSE_SERVER", ("unix:" + sock).toLocal8Bit());
    for (const char* monitor : {"cabspk.monitor", "cabair.monitor"})
        if (!spawn(QStringLiteral("parec"), {"-d", monitor, "--latency-msec=10", "--raw"})) return false;
    return setDelayMs(60);
}

bool PulseRig::setDelayMs(int ms) {
    if (!m_loopbackModule.isEmpty()) pactl({"unload-module", m_loopbackModule});
    m_loopbackModule.clear();
    QString id;
    if (!pactl({"load-module", "module-loopback", "source=cabspk.monitor", "sink=cabair",
                QStringLiteral("latency_msec=%1").arg(ms), QStringLiteral("adjust_time=0"),
                "source_dont_move=true", "sink_dont_move=true"},
               &id))
        return false;
    m_loopbackModule = id;
    return true;
}

bool PulseRig::setGainDb(double db) {
    const int percent = static_cast<int>(std::lround(100 * std::pow(10.0, db / 60)));  // cubic volume
    return pactl({"set-sink-volume", "cabair", QStringLiteral("%1%").arg(percent)});
}

QString PulseRig::logTail() const {
    QFile f(m_dir.path() + "/pulse.log");
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromLocal8Bit(f.readAll().right(1500));
}

void PulseRig::stop() {
    for (auto it = m_procs.rbegin(); it != m_procs.rend(); ++it) {
        QProcess* p = it->get();
        if (p->state() == QProcess::NotRunning) continue;
        p->terminate();
        if (!p->waitForFinished(3000)) {
            p->kill();
            p->waitForFinished(3000);
        }
    }
    m_procs.clear();
}

}  // namespace peregrine::bench
