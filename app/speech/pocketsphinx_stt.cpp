#include "speech/pocketsphinx_stt.h"

#include <pocketsphinx.h>
#include <QFileInfo>
#include <QTemporaryFile>
#include <QRegularExpression>
#include <algorithm>
#include <vector>

#include "speech/speech_logging.h"

namespace peregrine::speech {

namespace {
constexpr const char* kDictationSearch = "dictation";
constexpr const char* kWakeSearch = "wake";
constexpr const char* kCommandSearch = "commands";

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
    bool commandsAvailable = false;
    Mode mode = Mode::Dictation;
    // The last Dictation utterance, for spotCommand(); capped at commandMaxSamples + 1.
    std::vector<int16_t> utterance;
    size_t commandMaxSamples = 0;
    double commandMinCoverage = 0;
    // Frames (10 ms) from the first to the last word the dictation heard in it; -1 when none.
    int speechFirst = -1, speechLast = -1, speechWords = 0;
    double lastCoverage = 0;
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
    m_impl->commandMaxSamples = static_cast<size_t>(std::max(0, options.commandMaxMs)) * 16;
    setCommandPhrases(options.commandPhrases, options.commandMinCoverage);
    ps_set_search(m_impl->ps, kDictationSearch);
    qCInfo(lcSpeech) << "pocketsphinx ready, wake phrase" << options.wakePhrase;
}

QList<PocketsphinxOptions::KeyPhrase> PocketsphinxOptions::defaultCommandPhrases() {
    // Tuned on flite slt/rms/awb and espeak-ng en-us speech, clean and with brown noise at 10 dB SNR, against
    // short non-commands ("yes", "top speed", "stop the car", "lower", ...): "stop" and "louder" fire on
    // near-homophones below 1e-10, "quieter" at 1e-20 took awb's "louder"; the longer phrases gain nothing
    // below 1e-20 and stop being found below 1e-30.
    return {{QStringLiteral("stop"), 1e-10},
            {QStringLiteral("repeat that"), 1e-20},
            {QStringLiteral("louder"), 1e-10},
            {QStringLiteral("quieter"), 1e-12},
            {QStringLiteral("new conversation"), 1e-20}};
}

// The keyphrase list search goes through a file (pocketsphinx 5prealpha has no in-memory list): written to a
// temporary file, read by ps_set_kws, removed.
bool PocketsphinxStt::setCommandPhrases(const QList<PocketsphinxOptions::KeyPhrase>& phrases,
                                        double minCoverage) {
    if (!m_impl->ps || m_impl->inUtterance) return false;
    m_impl->commandsAvailable = false;
    m_impl->commandMinCoverage = minCoverage;
    QByteArray list;
    for (const auto& k : phrases) {
        const QString phrase = k.phrase.toLower().simplified();
        bool known = !phrase.isEmpty();
        for (const QString& w : phrase.split(' ', Qt::SkipEmptyParts)) known &= knowsWord(w);
        if (!known) {
            qCWarning(lcSpeech) << "command phrase" << k.phrase << "has words missing from the dictionary";
            continue;
        }
        list += phrase.toUtf8() + " /" + QByteArray::number(k.threshold, 'g', 3) + "/\n";
    }
    if (list.isEmpty()) return false;
    QTemporaryFile file;
    if (!file.open() || file.write(list) != list.size() || !file.flush()) return false;
    m_impl->commandsAvailable =
        ps_set_kws(m_impl->ps, kCommandSearch, QFile::encodeName(file.fileName())) >= 0;
    // ps_set_kws does not change the active search, but be explicit: the next begin() expects its own.
    ps_set_search(m_impl->ps, m_impl->mode == Mode::WakeWord ? kWakeSearch : kDictationSearch);
    if (!m_impl->commandsAvailable) qCWarning(lcSpeech) << "command spotting unavailable";
    return m_impl->commandsAvailable;
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
    m_impl->utterance.clear();
    return true;
}

void PocketsphinxStt::feed(const int16_t* samples, size_t count) {
    if (!m_impl->inUtterance) return;
    ps_process_raw(m_impl->ps, samples, count, FALSE, FALSE);
    auto& u = m_impl->utterance;
    if (m_impl->mode == Mode::Dictation && u.size() <= m_impl->commandMaxSamples)
        u.insert(u.end(), samples, samples + std::min(count, m_impl->commandMaxSamples + 1 - u.size()));
}

double PocketsphinxStt::lastSpotCoverage() const {
    return m_impl->lastCoverage;
}

QString PocketsphinxStt::spotCommand() {
    if (m_impl->inUtterance || m_impl->utterance.size() > m_impl->commandMaxSamples) return {};
    return spotCommand(m_impl->utterance.data(), m_impl->utterance.size());
}

QString PocketsphinxStt::spotCommand(const int16_t* samples, size_t count) {
    if (!m_impl->ps || !m_impl->commandsAvailable || count == 0) return {};
    cancel();
    if (ps_set_search(m_impl->ps, kCommandSearch) < 0) return {};
    // Of the detections, the one covering most of the words the dictation heard: a command is the whole
    // utterance, a command word inside a longer phrase ("stop the car") covers only part of it.
    QString spotted;
    m_impl->lastCoverage = 0;
    const int first = m_impl->speechFirst, last = m_impl->speechLast;
    if (ps_start_utt(m_impl->ps) >= 0) {
        ps_process_raw(m_impl->ps, samples, count, FALSE, TRUE);
        ps_end_utt(m_impl->ps);
        for (ps_seg_t* seg = ps_seg_iter(m_impl->ps); seg; seg = ps_seg_next(seg)) {
            int sf = 0, ef = 0;
            ps_seg_frames(seg, &sf, &ef);
            double coverage = 1.0;
            if (first >= 0 && last >= first)
                coverage = std::max(0, std::min(ef, last) - std::max(sf, first) + 1) /
                           static_cast<double>(last - first + 1);
            if (coverage > m_impl->lastCoverage) {
                m_impl->lastCoverage = coverage;
                spotted = cleanHypothesis(ps_seg_word(seg));
            }
        }
    }
    // One word heard: its span often runs into the noise around it, so the share says little.
    if (m_impl->speechWords > 1 && m_impl->lastCoverage < m_impl->commandMinCoverage) spotted.clear();
    // Back to the search of the current mode for the next begin().
    ps_set_search(m_impl->ps, m_impl->mode == Mode::WakeWord ? kWakeSearch : kDictationSearch);
    return spotted;
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
    m_impl->speechFirst = m_impl->speechLast = -1;
    m_impl->speechWords = 0;
    if (m_impl->mode == Mode::Dictation) {
        for (ps_seg_t* seg = ps_seg_iter(m_impl->ps); seg; seg = ps_seg_next(seg)) {
            const char* word = ps_seg_word(seg);
            if (!word || word[0] == '<' || word[0] == '[') continue;  // silence, noise, sentence marks
            int sf = 0, ef = 0;
            ps_seg_frames(seg, &sf, &ef);
            if (m_impl->speechFirst < 0) m_impl->speechFirst = sf;
            m_impl->speechLast = ef;
            ++m_impl->speechWords;
        }
    }
    return cleanHypothesis(ps_get_hyp(m_impl->ps, nullptr));
}

void PocketsphinxStt::cancel() {
    if (!m_impl->inUtterance) return;
    ps_end_utt(m_impl->ps);
    m_impl->inUtterance = false;
}

}  // namespace peregrine::speech
