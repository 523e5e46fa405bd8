// LocalAnswerer: an AnswerSource over a Backend (the native engine by default, or llama.cpp), for the
// headless runs (CLI, bench, tests). It keeps the conversation (system prompt, questions, answers) and
// streams each answer token by token. Thread: load() and ask() on the answerer's own thread (moveToThread
// after construction); ask() blocks that thread for the generation; cancel() is safe from any thread.
#pragma once

#include <QString>
#include <atomic>
#include <memory>
#include <vector>

#include "backends/backend.h"
#include "voice/answer_source.h"

namespace peregrine::voice {

class LocalAnswerer : public AnswerSource {
    Q_OBJECT
public:
    explicit LocalAnswerer(QObject* parent = nullptr);
    ~LocalAnswerer() override;

    // Loads the model into the native engine (seconds for large ones); false with errorString().
    bool load(const QString& modelPath, const SessionOptions& options = {});
    // Answers with an already opened backend (inference/backend_factory.h: openBackend picks the runtime).
    void setBackend(std::unique_ptr<Backend> backend) { m_session = std::move(backend); }
    QString errorString() const { return m_error; }
    void setSystemPrompt(const QString& prompt) { m_systemPrompt = prompt; }
    void setGenerateOptions(const GenerateOptions& options) { m_options = options; }
    // Off: prepare() does nothing (to measure what computing ahead saves).
    void setPrefill(bool on) { m_prefill = on; }
    void cancel(int turn) override;
    // Stats of the last finished generation (read after finished()).
    GenerationStats lastStats() const { return m_lastStats; }

public slots:
    void ask(int turn, const QString& question) override;
    void resetConversation() override;
    void prepare(int turn, const QString& heardSoFar, bool wholeQuestion) override;

private:
    std::vector<ChatMessage> conversationWith(const QString& question) const;

    std::unique_ptr<Backend> m_session;
    std::vector<ChatMessage> m_history;  // without the system prompt
    QString m_systemPrompt;
    GenerateOptions m_options;
    GenerationStats m_lastStats;
    std::atomic<int> m_cancelUpTo{0};  // turns <= this are cancelled
    QString m_error;
    bool m_prefill = true;
};

}  // namespace peregrine::voice
