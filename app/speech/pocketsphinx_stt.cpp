#include "speech/pocketsphinx_stt.h"

#include <pocketsphinx.h>
#include <QFileInfo>
#include <QRegularExpression>

#include "speech/speech_logging.h"

namespace peregrine::speech {

namespace {
constexpr const char* kDictationSearch = "dictation";
constexpr const char* kWakeSearch = "wake";

// "<s> hello [NOISE] world(2) </s>" -> "hello world"
QString cleanHypothesis(const char* hyp) {
    if (!hyp) return {};
    QString text = QString::fromUtf8(hyp).toLower();
    static const QRegularExpression markers(QStringLiteral(R"(<[^>]*>|\[[^\]]*\]|\(\d+\))"));
    text.remove(markers);
    return text.simplified();
}
}  // namespace

struct PocketsphinxStt::Impl {
    ps_decoder_t* ps = nullptr;
    bool inUtterance = false;
    bool wakeAvailable = false;
    Mode mode = Mode::Dictation;
    ~Impl() {
        if (ps) ps_free(ps);
    }
};

PocketsphinxStt::PocketsphinxStt(const PocketsphinxOptions& options) : m_impl(std::make_unique<Impl>()) {
    const QString dir = options.modelDir;
    const QString hmm = dir + QStringLiteral("/en-us");
    const QString lm = dir + QStringLiteral("/en-us.lm.bin");
    const QString dict = dir + QStringLiteral("/cmudict-en-us.dict");
    for (const QString& path : {hmm, lm, dict}) {
        if (!QFileInfo::exists(path)) {
            m_error =
                QStringLiteral("Speech recognition model missing: %1 (install pocketsphinx-en-us)").arg(path);
            qCWarning(lcSpeech) << m_error;
            return;
        }
    }
    const QByteArray hmmU = hmm.toUtf8(), lmU = lm.toUtf8(), dictU = dict.toUtf8();
    const QByteArray threshold = QByteArray::number(options.wakeThreshold, 'g', 3);
    const char* second = options.secondPass ? "yes" : "no";
    cmd_ln_t* config = cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", hmmU.constData(), "-dict",
                                   dictU.constData(), "-kws_threshold", threshold.constData(), "-fwdflat",
                                   second, "-bestpath", second, "-logfn", "/dev/null", nullptr);
    if (!config) {
        m_error = QStringLiteral("Speech recognition could not be configured");
        return;
    }
    m_impl->ps = ps_init(config);
    cmd_ln_free_r(config);  // the decoder holds its own reference
    if (!m_impl->ps) {
        m_error = QStringLiteral("Speech recognition could not load its model from %1").arg(dir);
        qCWarning(lcSpeech) << m_error;
        return;
    }
    if (ps_set_lm_file(m_impl->ps, kDictationSearch, lmU.constData()) < 0) {
        m_error = QStringLiteral("Speech recognition could not load the language model %1").arg(lm);
        ps_free(m_impl->ps);
        m_impl->ps = nullptr;
        return;
    }
    const QByteArray phrase = options.wakePhrase.toLower().toUtf8();
    bool phraseKnown = !phrase.isEmpty();
    for (const QString& w : options.wakePhrase.toLower().split(' ', Qt::SkipEmptyParts))
        phraseKnown &= knowsWord(w);
    if (phraseKnown && ps_set_keyphrase(m_impl->ps, kWakeSearch, phrase.constData()) >= 0)
        m_impl->wakeAvailable = true;
    else
        qCWarning(lcSpeech) << "wake phrase" << options.wakePhrase << "has words missing from the dictionary";
    ps_set_search(m_impl->ps, kDictationSearch);
    qCInfo(lcSpeech) << "pocketsphinx ready, wake phrase" << options.wakePhrase;
}

PocketsphinxStt::~PocketsphinxStt() = default;

bool PocketsphinxStt::isReady() const {
    return m_impl->ps != nullptr;
}

bool PocketsphinxStt::knowsWord(const QString& word) const {
    if (!m_impl->ps) return false;
    char* pron = ps_lookup_word(m_impl->ps, word.toUtf8().constData());
    const bool known = pron != nullptr;
    ckd_free(pron);
    return known;
}

bool PocketsphinxStt::begin(Mode mode) {
    if (!m_impl->ps) return false;
    cancel();
    if (mode == Mode::WakeWord && !m_impl->wakeAvailable) return false;
    if (mode != m_impl->mode || !ps_get_search(m_impl->ps)) {
        if (ps_set_search(m_impl->ps, mode == Mode::WakeWord ? kWakeSearch : kDictationSearch) < 0)
            return false;
        m_impl->mode = mode;
    }
    if (ps_start_utt(m_impl->ps) < 0) return false;
    m_impl->inUtterance = true;
    return true;
}

void PocketsphinxStt::feed(const int16_t* samples, size_t count) {
    if (!m_impl->inUtterance) return;
    ps_process_raw(m_impl->ps, samples, count, FALSE, FALSE);
}

QString PocketsphinxStt::partial() {
    if (!m_impl->inUtterance) return {};
    return cleanHypothesis(ps_get_hyp(m_impl->ps, nullptr));
}

bool PocketsphinxStt::wakeWordHeard() {
    if (!m_impl->inUtterance || m_impl->mode != Mode::WakeWord) return false;
    return ps_get_hyp(m_impl->ps, nullptr) != nullptr;
}

QString PocketsphinxStt::finish() {
    if (!m_impl->inUtterance) return {};
    ps_end_utt(m_impl->ps);
    m_impl->inUtterance = false;
    return cleanHypothesis(ps_get_hyp(m_impl->ps, nullptr));
}

void PocketsphinxStt::cancel() {
    if (!m_impl->inUtterance) return;
    ps_end_utt(m_impl->ps);
    m_impl->inUtterance = false;
}

}  // namespace peregrine::speech
