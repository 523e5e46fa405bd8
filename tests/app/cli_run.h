// Runs a Peregrine executable the way the CLI end-to-end tests need it: HOME, XDG_* and the system config
// pointed into `sandbox` (no user or system config is read, nothing is written outside it), stdout and stderr
// captured. code is -1 when it crashed or did not finish within timeoutMs.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace peregrine::test {

struct CliRun {
    int code = -1;
    QString out, err;
};

inline CliRun runCli(const QString& program, const QStringList& args, const QString& sandbox,
                     int timeoutMs = 60000) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* var : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
        env.insert(QString::fromLatin1(var), sandbox + QLatin1Char('/') + QString::fromLatin1(var).toLower());
    env.insert(QStringLiteral("PEREGRINE_SYSTEM_CONFIG"), sandbox + QStringLiteral("/etc.yaml"));
    p.setProcessEnvironment(env);
    p.start(program, args);
    CliRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

}  // namespace peregrine::test
