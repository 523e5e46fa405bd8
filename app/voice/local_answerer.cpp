#include "voice/local_answerer.h"

#include "backends/native_backend.h"
#include "speech/speech_logging.h"

namespace peregrine::voice {

LocalAnswerer::LocalAnswerer(QObject* parent) : AnswerSource(parent) {
    m_options.maxTokens = 128;  // spoken answers are short
}

LocalAnswerer::~LocalAnswerer() = default;

bool LocalAnswerer::load(const QString& modelPath, const SessionOptions& options) {
    auto session = openNativeBackend(modelPath.toStdString(), options);
    if (!session) {
        m_error = QString::fromStdString(session.message());
        return false;
    }
    m_session = std::move(session.value());
    return true;
}

void LocalAnswerer::cancel(int turn) {
    int current = m_cancelUpTo.load(std::memory_order_relaxed);
    while (turn > current && !m_cancelUpTo.compare_exchange_weak(current, turn, std::memory_order_acq_rel)) {
    }
}

void LocalAnswerer::resetConversation() {
    m_history.clear();
    if (!m_prefill && m_session) m_session->reset();
    prepare(0, QString(), false);  // the system prompt stays computed; the rest of the cache is rolled back
}

std::vector<ChatMessage> LocalAnswerer::conversationWith(const QString& question) const {
    std::vector<ChatMessage> conversation;
    if (!m_systemPrompt.isEmpty()) conversation.push_back({"system", m_systemPrompt.toStdString()});
    conversation.insert(conversation.end(), m_history.begin(), m_history.end());
    conversation.push_back({"user", question.toStdString()});
    return conversation;
}

void LocalAnswerer::prepare(int turn, const QString& heardSoFar, bool wholeQuestion) {
    if (!m_session || !m_prefill || (turn > 0 && turn <= m_cancelUpTo.load(std::memory_order_acquire)))
        return;
    auto computed = m_session->prefillChat(conversationWith(heardSoFar), m_options.maxTokens, wholeQuestion);
    if (!computed)
        qCWarning(lcVoice) << "prefill for turn" << turn
                           << "failed:" << QString::fromStdString(computed.message());
    else if (*computed > 0)
        qCDebug(lcVoice) << "turn" << turn << "prefilled" << *computed << "tokens for" << heardSoFar;
}

void LocalAnswerer::ask(int turn, const QString& question) {
    if (!m_session) {
        emit failed(turn, tr("No language model is loaded."));
        return;
    }
    if (turn <= m_cancelUpTo.load(std::memory_order_acquire)) {
        emit finished(turn, StopReason::Cancelled);
        return;
    }
    const std::vector<ChatMessage> conversation = conversationWith(question);
    std::string answer;
    auto stats = m_session->chat(conversation, m_options, [&](std::string_view text, int32_t) {
        if (turn <= m_cancelUpTo.load(std::memory_order_acquire)) return false;
        if (!text.empty()) {
            answer.append(text);
            emit token(turn, QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())));
        }
        return true;
    });
    if (!stats) {
        emit failed(turn, QString::fromStdString(stats.message()));
        return;
    }
    m_lastStats = stats.value();
    m_history.push_back({"user", question.toStdString()});
    m_history.push_back({"assistant", answer});
    qCDebug(lcVoice) << "answer turn" << turn << m_lastStats.generatedTokens << "tokens, ttft"
                     << m_lastStats.timeToFirstTokenMs << "ms," << m_lastStats.stopReason;
    emit finished(turn, m_lastStats.stopReason);
}

}  // namespace peregrine::voice
