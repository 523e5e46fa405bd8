// ScriptedAnswerer: a stand-in language model for voice loop tests. Answers every question with a fixed text,
// one word per token at a set pace, honouring cancel() between tokens like the engine does.
// Thread: move to its own QThread (ask() blocks it like a generation would).
#pragma once

#include <QMutex>
#include <QStringList>
#include <QThread>
#include <atomic>

#include "voice/answer_source.h"

namespace peregrine::testing {

class ScriptedAnswerer : public voice::AnswerSource {
    Q_OBJECT
public:
    explicit ScriptedAnswerer(QString answer, int msPerToken = 5)
        : m_answer(std::move(answer)), m_ms(msPerToken) {}
    void cancel(int turn) override { m_cancelUpTo.store(std::max(turn, m_cancelUpTo.load())); }
    std::atomic<int> asked{0};
    std::atomic<int> cancelledGenerations{0};
    std::atomic<int> resets{0};
    // prepare() calls in order, as "WORDS" or "whole:WORDS", then "ask:QUESTION" for ask() (any thread).
    QStringList calls() const {
        QMutexLocker lock(&m_mutex);
        return m_calls;
    }

public slots:
    void ask(int turn, const QString& question) override {
        ++asked;
        record(QStringLiteral("ask:") + question);
        const QStringList words = m_answer.split(' ');
        for (int i = 0; i < words.size(); ++i) {
            if (turn <= m_cancelUpTo.load()) {
                ++cancelledGenerations;
                emit finished(turn, StopReason::Cancelled);
                return;
            }
            QThread::msleep(static_cast<unsigned long>(m_ms));
            emit token(turn, (i ? QStringLiteral(" ") : QString()) + words[i]);
        }
        emit finished(turn, StopReason::EndOfText);
    }
    void resetConversation() override { ++resets; }
    void prepare(int, const QString& words, bool wholeQuestion) override {
        record((wholeQuestion ? QStringLiteral("whole:") : QString()) + words);
    }

private:
    void record(const QString& call) {
        QMutexLocker lock(&m_mutex);
        m_calls << call;
    }
    mutable QMutex m_mutex;
    QStringList m_calls;
    QString m_answer;
    int m_ms;
    std::atomic<int> m_cancelUpTo{0};
};

}  // namespace peregrine::testing
