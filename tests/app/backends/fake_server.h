// FakeLlamaServer: runs tests/app/backends/fake_llama_server.py on a free loopback port for one test.
// Thread: the test's main thread. The process is killed when the object goes.
#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>

#include "backends/http_stream.h"

class FakeLlamaServer {
public:
    FakeLlamaServer() {
        m_process.setProgram("python3");
        m_process.setArguments(
            {QStringLiteral(PEREGRINE_SOURCE_DIR "/tests/app/backends/fake_llama_server.py"), "--port", "0"});
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start();
        if (m_process.waitForStarted(5000) && m_process.waitForReadyRead(10000)) {
            const QByteArray line = m_process.readLine().trimmed();
            if (line.startsWith("PORT ")) {
                m_port = line.mid(5).toInt();
            }
        }
    }
    ~FakeLlamaServer() {
        m_process.kill();
        m_process.waitForFinished(3000);
    }
    bool isRunning() const { return m_port > 0; }
    // Base URL of a mode: http://127.0.0.1:PORT/<mode>/v1
    std::string endpoint(const QString& mode) const {
        return QString("http://127.0.0.1:%1/%2/v1").arg(m_port).arg(mode).toStdString();
    }
    // The server's record of the last chat request (see the script's docstring).
    QJsonObject last() {
        peregrine::HttpRequest req;
        req.url = QUrl(QString("http://127.0.0.1:%1/last").arg(m_port));
        req.stallMs = 3000;
        QByteArray body;
        m_client.run(req, [&](const QByteArray& piece) {
            body += piece;
            return true;
        });
        return QJsonDocument::fromJson(body).object();
    }

private:
    QProcess m_process;
    int m_port = 0;
    peregrine::HttpStreamClient m_client;
};
